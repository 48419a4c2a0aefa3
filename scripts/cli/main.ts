import type { CliIo } from "./validate-cli.ts";

/** Runs a CLI entry point: process streams in, exit code out, no stack trace unless DEBUG is set. */
export async function runMain(
  name: string,
  run: (argv: string[], io: CliIo) => number | Promise<number>,
): Promise<void> {
  // A write that fails after the call returned (a full device, a closed terminal) arrives as an
  // "error" event: one line and exit 2, a tool failure, never a stack trace or exit 1 ("findings").
  // A reader that closes the pipe early (`| head`) is not an error of ours.
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    try {
      process.stderr.write(`${name}: the report could not be written (${error.code ?? error.message})\n`);
    } catch {
      // The exit code says it.
    }
    process.exit(2);
  });
  process.stderr.on("error", () => process.exit(2));
  try {
    process.exitCode = await run(process.argv.slice(2), {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      cwd: process.cwd(),
      env: process.env,
      isTTY: process.stdout.isTTY === true,
    });
  } catch (error) {
    process.stderr.write(`${name}: internal error: ${(error as Error).message}\n`);
    if (process.env.DEBUG) process.stderr.write(`${(error as Error).stack ?? ""}\n`);
    else process.stderr.write("Run again with DEBUG=1 for the stack trace, and please report it.\n");
    process.exitCode = 2;
  }
}
