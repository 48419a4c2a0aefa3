// npm pack and npm publish run this (prepack): the JavaScript the published package ships.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildPackage } from "./build.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const result = await buildPackage(root);
if (!result.ok) {
  process.stderr.write(`prepack: nothing packed:\n${result.problems.map((p) => `  ${p}\n`).join("")}`);
  process.exitCode = 1;
} else
  // stderr, so `npm pack --json` keeps a parsable stdout.
  for (const { file, bytes } of result.files)
    process.stderr.write(`prepack: ${file} ${(bytes / 1024).toFixed(0)} kB\n`);
