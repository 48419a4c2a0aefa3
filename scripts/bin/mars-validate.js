#!/usr/bin/env node
// The published package runs the JavaScript built at pack time (dist/); a source checkout,
// which has the TypeScript, bundles it on first run and rebuilds it when a source changes.
import fs from "node:fs";
import { URL } from "node:url";

const source = new URL("../validate.ts", import.meta.url);
if (fs.existsSync(source)) {
  const { run } = await import("./bundle.js");
  await run("validate");
} else await import(new URL("../../dist/mars-validate.mjs", import.meta.url).href);
