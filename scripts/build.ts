import { runBuildCli } from "./cli/build-cli.ts";
import { runMain } from "./cli/main.ts";

// Writing to a full device fails after the write call returns, as an "error" event. This
// listener runs before the generic one: exit 2 (a tool failure, not drift), no stack trace.
// A reader that closed the pipe (`| head`) is left to the generic listener.
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (stream === process.stdout && error.code === "EPIPE") return;
    if (stream === process.stdout)
      process.stderr.write(`build: the report could not be written (${error.code ?? error.message})\n`);
    process.exit(2);
  });

await runMain("build", (argv, io) => runBuildCli(argv, io));
