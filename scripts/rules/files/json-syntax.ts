import { posix } from "node:path";
import { parseTree, type ParseError } from "jsonc-parser";
import { isTestData } from "../../core/load/discover.ts";
import type { Rule, SourceFile } from "../../core/types.ts";
import type { ParseIssue } from "../../core/yaml-text.ts";
import { removeBom } from "../../fix/make.ts";
import { JSON_KINDS } from "../util.ts";

/**
 * Files whose readers take JSON with comments and trailing commas (TypeScript's tsconfig and
 * jsconfig, VS Code's settings, dev containers, .jsonc): strict JSON's errors are not theirs.
 */
const JSONC_NAME = /^(?:[tj]sconfig(?:\.[\w-]+)*\.json|devcontainer\.json|[^/]*\.jsonc)$/;

function readsAsJsonc(file: SourceFile): boolean {
  const name = posix.basename(file.path);
  if (!JSONC_NAME.test(name) && !file.path.split("/").includes(".vscode")) return false;
  const errors: ParseError[] = [];
  parseTree(file.text.replace(/^\uFEFF/, ""), errors, { disallowComments: false, allowTrailingComma: true });
  return errors.length === 0;
}

/** Keys JSON files repeat to hold comments ("//", "_comment", "$comment"): nothing reads their values. */
const COMMENT_KEY = /^"(?:\/\/.*|#.*|_*comments?|\$comment)"$/i;

/** A repeated comment key: only a comment is dropped, so nothing is reported. */
function repeatedComment(file: SourceFile, issue: ParseIssue): boolean {
  return issue.code === "DUPLICATE_KEY" && COMMENT_KEY.test(file.text.slice(issue.offset, issue.offset + issue.length));
}

/**
 * A duplicate key drops a value Claude Code reads only in the files it loads as configuration; in
 * any other JSON (a skill's asset, a template) it is a warning.
 */
function severityOf(file: SourceFile, issue: ParseIssue): ParseIssue["severity"] {
  if (file.kind !== "json") return issue.severity;
  // In test data a file that does not parse is often the point of the test.
  if (issue.code !== "DUPLICATE_KEY") return isTestData(posix.dirname(file.path)) ? "note" : "warning";
  return "warning";
}

export const jsonSyntax: Rule = {
  id: "json-syntax",
  severity: "error",
  description:
    'JSON files parse as strict JSON (no comments, no trailing commas, no duplicate keys; tsconfig, jsconfig, .vscode and .jsonc files as JSON with comments), first syntax error only; an error in a file Claude Code loads, a warning in other JSON (a note in test data); a repeated comment key such as "_comment" drops only a comment and is not reported.',
  consequence:
    "A manifest, hooks file or MCP config that is not strict JSON fails to load (the plugin, its hooks or its servers are dropped); a byte order mark makes .mcp.json unreadable and the plugin directory refuse the manifest.",
  check({ project, report }) {
    for (const file of project.files) {
      if (!JSON_KINDS.has(file.kind)) continue;
      // After the first syntax error a parser resynchronises by guessing: later errors are echoes.
      const firstSyntax = readsAsJsonc(file)
        ? undefined
        : file.parseIssues.find((issue) => issue.code !== "DUPLICATE_KEY");
      for (const issue of file.parseIssues.filter(
        (i) => i === firstSyntax || (i.code === "DUPLICATE_KEY" && !repeatedComment(file, i)),
      ))
        report({
          file,
          at: { offset: issue.offset, length: issue.length },
          message: issue.message,
          severity: severityOf(file, issue),
        });
      const fix = removeBom(file);
      if (file.hasBom && file.kind === "mcp")
        report({
          file,
          message: "the file starts with a UTF-8 byte order mark; Claude Code rejects it in .mcp.json",
          hint: "save the file as UTF-8 without BOM",
          ...(fix ? { fix } : {}),
        });
      else if (file.hasBom && file.kind !== "json")
        report({
          file,
          severity: "warning",
          message: "the file starts with a UTF-8 byte order mark; the plugin directory rejects it",
          hint: "save the file as UTF-8 without BOM",
          ...(fix ? { fix } : {}),
        });
    }
  },
};
