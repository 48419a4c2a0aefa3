#!/usr/bin/env node
import { run } from "./bundle.js";

await run("validate");
