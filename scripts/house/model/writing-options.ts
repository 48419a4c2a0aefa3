/**
 * Command-line options that turn a reading command into one that writes files, changes packages
 * or starts another program. A review-only role's Bash allowance must admit none of them: a
 * `Bash(git diff:*)` prefix admits `git diff --output=notes.md` as readily as `git diff --stat`.
 *
 * Only options are listed. Programs a repository's own configuration can start (diff drivers,
 * textconv filters, fsmonitor hooks) are out of reach of an allowlist and are not modelled here.
 */
export interface WritingOptionFamily {
  /** The program and subcommand words the options belong to. */
  readonly command: string;
  /** Each option, as typed; a long option also matches `--name=value`, a short one `-Xvalue`. */
  readonly options: readonly string[];
  /** What the options do that a read-only role must not. */
  readonly effect: string;
}

const WRITING_OPTION_FAMILIES: readonly WritingOptionFamily[] = [
  // Diff output options are shared by diff, log and show: --output=<file> writes the patch to disk.
  { command: "git diff", options: ["--output"], effect: "writes the diff to a file" },
  { command: "git log", options: ["--output"], effect: "writes the log to a file" },
  { command: "git show", options: ["--output"], effect: "writes the output to a file" },
  // -O<pager> opens the matching files in the named program: any program the caller names.
  { command: "git grep", options: ["-O", "--open-files-in-pager"], effect: "runs a program on the matching files" },
  // --fix upgrades the vulnerable packages in the environment; -o/--output writes a report file.
  { command: "pip-audit", options: ["--fix", "-o", "--output"], effect: "installs packages or writes a file" },
  // --open hands the report to another program (a browser) to show.
  { command: "oasdiff", options: ["--open"], effect: "starts another program" },
  // --rule, --onComplete, --onUsage and -r/--require load a JavaScript module from a path and run it.
  {
    command: "graphql-inspector diff",
    options: ["--rule", "--onComplete", "--onUsage", "--require", "-r"],
    effect: "loads and runs a JavaScript module",
  },
];

/** One `Bash(...)` allowlist entry: the words it fixes, and whether anything may follow them. */
export interface BashAllowance {
  readonly words: readonly string[];
  readonly open: boolean;
}

/** `Bash(git diff:*)` and `Bash(git diff *)` are open prefixes; `Bash(pip-audit -r r.txt)` is exact. */
export function parseBashAllowance(entry: string): BashAllowance | undefined {
  const match = /^Bash\((.*)\)$/s.exec(entry.trim());
  if (!match) return undefined;
  const pattern = match[1]!;
  const star = pattern.indexOf("*");
  const fixed = pattern.endsWith(":*") ? pattern.slice(0, -2) : star === -1 ? pattern : pattern.slice(0, star);
  return { words: fixed.trim().split(/\s+/).filter(Boolean), open: star !== -1 };
}

function optionMatches(word: string, option: string): boolean {
  if (word === option) return true;
  return option.startsWith("--") ? word.startsWith(`${option}=`) : word.startsWith(option);
}

/** A `Bash(...)` deny entry that removes one option's reach: `Bash(oasdiff *--open*)`. */
export function denialOf(family: WritingOptionFamily, option: string): string {
  const program = family.command.split(" ")[0];
  // A short option is denied only as its own word (`* -r*`), so a path such as
  // `docs/api/user-registry/schema.graphql` stays allowed.
  return option.startsWith("--") ? `Bash(${program} *${option}*)` : `Bash(${program} * ${option}*)`;
}

/**
 * The writing options an allowance admits, with their family. An open prefix admits every option
 * of a family whose command it does not contradict (`git:*` admits `git diff --output`); an exact
 * entry admits only the options it spells out.
 */
export function admittedWritingOptions(
  allowance: BashAllowance,
  families: readonly WritingOptionFamily[] = WRITING_OPTION_FAMILIES,
): { family: WritingOptionFamily; option: string }[] {
  const admitted: { family: WritingOptionFamily; option: string }[] = [];
  for (const family of families) {
    const command = family.command.split(" ");
    if (allowance.open) {
      const shared = Math.min(command.length, allowance.words.length);
      if (shared === 0 || command.slice(0, shared).some((word, i) => word !== allowance.words[i])) continue;
      for (const option of family.options) admitted.push({ family, option });
    } else {
      if (command.some((word, i) => word !== allowance.words[i])) continue;
      const rest = allowance.words.slice(command.length);
      for (const option of family.options)
        if (rest.some((word) => optionMatches(word, option))) admitted.push({ family, option });
    }
  }
  return admitted;
}
