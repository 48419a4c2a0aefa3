import { describe, expect, it } from "vitest";
import { statesBashReason } from "../../scripts/rules/security/agent-bash-write.ts";

describe("statesBashReason", () => {
  it.for([
    "Use Bash only to run the test suite.",
    "Use Bash to run `npm test` after each edit.",
    "You have Bash because the build needs make.",
    "Bash is here to read git history.",
    "Bash is needed for kubectl.",
    "Bash is used for running migrations.",
    "Run `pytest` via the Bash tool and read the output.",
    "Execute the linter with Bash after editing.",
    "- **Bash**: run `make lint`",
    "- Bash — only git log and git diff",
    "Reserve bash for running the formatter.",
    "Bash is for exporting specs and running the linters.",
  ])("accepts %s", (line) => {
    expect(statesBashReason(`Intro.\n\n${line}\n`)).toBe(true);
  });

  it.for([
    "You refactor code.",
    "Bash commands are powerful; be careful.",
    "```bash\nnpm test\n```",
    "Use `[[ ]]` for Bash conditionals.",
    "Master of Bash scripting.",
    "Run the tests.\nBash is available.",
  ])("rejects %s", (body) => {
    expect(statesBashReason(body)).toBe(false);
  });
});
