import { describe, expect, it } from "vitest";
import { admittedWritingOptions, parseBashAllowance } from "../../scripts/house/model/writing-options.ts";

const admitted = (entry: string): string[] =>
  admittedWritingOptions(parseBashAllowance(entry)!).map(({ family, option }) => `${family.command} ${option}`);

describe("which Bash allowances admit a writing option", () => {
  it("reads both prefix forms as open and a plain entry as exact", () => {
    expect(parseBashAllowance("Bash(git diff:*)")).toEqual({ words: ["git", "diff"], open: true });
    expect(parseBashAllowance("Bash(git diff *)")).toEqual({ words: ["git", "diff"], open: true });
    expect(parseBashAllowance("Bash(pip-audit -r requirements.txt)")).toEqual({
      words: ["pip-audit", "-r", "requirements.txt"],
      open: false,
    });
    expect(parseBashAllowance("Read")).toBeUndefined();
  });

  it("finds the options an open prefix lets through, including under a bare program", () => {
    expect(admitted("Bash(git diff:*)")).toEqual(["git diff --output"]);
    expect(admitted("Bash(git grep:*)")).toEqual(["git grep -O", "git grep --open-files-in-pager"]);
    expect(admitted("Bash(oasdiff breaking:*)")).toEqual(["oasdiff --open"]);
    expect(admitted("Bash(git:*)")).toEqual([
      "git diff --output",
      "git log --output",
      "git show --output",
      "git grep -O",
      "git grep --open-files-in-pager",
    ]);
  });

  it("lets an exact entry through only when it spells the option out", () => {
    expect(admitted("Bash(pip-audit -r requirements.txt)")).toEqual([]);
    expect(admitted("Bash(pip-audit --fix)")).toEqual(["pip-audit --fix"]);
    expect(admitted("Bash(pip-audit -oreport.json)")).toEqual(["pip-audit -o"]);
    expect(admitted("Bash(git diff --output=patch.diff)")).toEqual(["git diff --output"]);
  });

  it("passes commands that have no writing option and prefixes of other programs", () => {
    expect(admitted("Bash(git status:*)")).toEqual([]);
    expect(admitted("Bash(git merge-base:*)")).toEqual([]);
    expect(admitted("Bash(git cat-file -p:*)")).toEqual([]);
    expect(admitted("Bash(gitk:*)")).toEqual([]);
  });
});
