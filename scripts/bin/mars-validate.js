#!/usr/bin/env node
// The validator is TypeScript run through tsx, so the published bin needs no build step.
import { register } from "tsx/esm/api";

register();
await import("../validate.ts");
