import { runValidateCli } from "./cli/validate-cli.ts";
import { runMain } from "./cli/main.ts";

await runMain("mars-validate", runValidateCli);
