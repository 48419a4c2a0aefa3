import { isMainThread } from "node:worker_threads";
import { runValidateCli } from "./cli/validate-cli.ts";
import { runMain } from "./cli/main.ts";

// The bundle is also the code of the Markdown worker thread (core/markdown-workers.ts), which must not run the command.
if (isMainThread) await runMain("mars-validate", runValidateCli);
