import { runBuildCli } from "./cli/build-cli.ts";
import { runMain } from "./cli/main.ts";

await runMain("build", (argv, io) => runBuildCli(argv, io));
