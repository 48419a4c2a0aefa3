// npm runs `prepare` on every install of a checkout, and when it installs this repository as a
// git dependency (as pre-commit does for a `language: node` hook). Only the git dependency needs
// the built package, and npm packs that clone without running `prepack`, so the build runs here
// then. Plain JavaScript, so an install without devDependencies never needs tsx for a no-op.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import process from "node:process";
import { fileURLToPath, URL } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
// npm sets npm_package_resolved when it packs a folder: a git clone being installed, or this
// checkout under `npm pack`/`npm publish` (which have run prepack already).
const packingForInstall =
  Boolean(process.env.npm_package_resolved) && !["pack", "publish"].includes(process.env.npm_command ?? "");
const built = fs.existsSync(fileURLToPath(new URL("../../dist/mars-validate.mjs", import.meta.url)));

if (packingForInstall && !built) {
  const result = spawnSync("tsx", ["scripts/pack/prepack.ts"], { cwd: root, stdio: "inherit" });
  if (result.error)
    process.stderr.write(
      `prepare: cannot run tsx (${result.error.message}); is this an install with devDependencies?\n`,
    );
  process.exitCode = result.status ?? 1;
}
