// npm runs `prepare` on every install of a checkout, and when it installs this repository as a
// git dependency (as pre-commit does for a `language: node` hook). Only the git dependency needs
// the built package, and npm packs that clone without running `prepack`, so the build runs here
// then. Plain JavaScript, so an install without devDependencies never needs tsx for a no-op.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import process from "node:process";
import { fileURLToPath, URL } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
// `npm pack` and `npm publish` of this checkout run prepare after prepack, which has built dist/
// with validators it compiled for the package itself.
const packingThisCheckout = ["pack", "publish"].includes(process.env.npm_command ?? "");
// npm sets npm_package_resolved when it packs a folder: a git clone being installed, or this
// checkout under `npm pack`/`npm publish`.
const packingForInstall = Boolean(process.env.npm_package_resolved) && !packingThisCheckout;
const built = fs.existsSync(fileURLToPath(new URL("../../dist/mars-validate.mjs", import.meta.url)));

const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));

function run(command, args) {
  // Its progress goes to stderr: `npm pack --json` runs this hook and must keep a parsable stdout.
  const result = spawnSync(command, args, { cwd: root, stdio: ["ignore", process.stderr, "inherit"] });
  if (result.error) process.stderr.write(`prepare: cannot run ${command}: ${result.error.message}\n`);
  return result.status ?? 1;
}

const checkout = fs.existsSync(fileURLToPath(new URL("../schemas/cli.ts", import.meta.url)));

if (packingThisCheckout) {
  // Nothing to do: compiling the checkout's validators again here cost a pack 3 s of CPU, for
  // a cache its own install already filled (and that a run refills in memory when stale).
} else if (!packingForInstall && checkout && fs.existsSync(tsx)) {
  // A checkout's install (npm ci): compile the schema validators once, so no run compiles them.
  // A failure here only makes runs slower (they compile in memory), so it never fails the install.
  if (run(tsx, ["scripts/schemas/cli.ts", "--compile"]) !== 0)
    process.stderr.write("prepare: schema validators not compiled; run npm run schemas\n");
} else if (packingForInstall && !built) {
  // A global install of a git dependency (`npm install -g git+…`, how pre-commit installs a node
  // hook) prepares the clone without its devDependencies; the build needs them, so install them
  // into the clone first, without scripts (this one included).
  const status = fs.existsSync(tsx)
    ? 0
    : run("npm", [
        "install",
        "--global=false",
        "--prefix",
        root,
        "--include=dev",
        "--no-save",
        "--ignore-scripts",
        "--no-audit",
        "--no-fund",
      ]);
  process.exitCode = status === 0 ? run(tsx, ["scripts/pack/prepack.ts"]) : status;
}
