/**
 * Runs the build on the folder given as the first argument and, while the second temporary
 * file is being filled, sends this very process the signal given as the second argument: a
 * Ctrl-C, a `kill` or a `kill -9` that lands in the middle of the write.
 * Run as: node --import tsx test/generate/interrupted-build.ts <root> <SIGINT|SIGTERM|SIGKILL>
 */
import { runBuildCli } from "../../scripts/cli/build-cli.ts";
import { nodeWriteFs, type WriteFs } from "../../scripts/generate/write.ts";

const [root, signal] = process.argv.slice(2) as [string, NodeJS.Signals];
let fills = 0;
const interrupted: WriteFs = {
  ...nodeWriteFs,
  fill: (handle, data) => {
    if (++fills === 2) process.kill(process.pid, signal);
    nodeWriteFs.fill(handle, data);
  },
};
process.exitCode = runBuildCli(
  [],
  {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: root,
    env: process.env,
    isTTY: false,
  },
  interrupted,
);
