import { locate } from "../../core/locate.ts";
import type { Anchor, ReportInput, Rule, SourceFile } from "../../core/types.ts";
import { allowedTools, caseData, casesInMocks, type EvalCase, evalCases, type Grader, gradersOf, isObject, trimmedBody, unreadable } from "./cases.ts";
import { flagsProblem, JS_FLAGS, regexProblem, shown } from "./regex.ts";

/** The lines `claude plugin eval init --bare` writes; the eval command refuses a case that still holds them. */
const TEMPLATE_LINES = ["TODO: describe what the agent should do", "TODO: describe what a successful response looks like"];

type Report = (input: ReportInput) => void;

interface Placeholder {
  index: number;
  line: string;
  what: string;
  /** The eval command refuses the case (the init template); a bare "TODO" it runs as written. */
  refused: boolean;
}

/** Where a template line sits in a text; a text that is nothing but "TODO" counts as a placeholder too. */
function templateAt(text: string): Placeholder | undefined {
  for (const line of TEMPLATE_LINES) {
    const index = text.indexOf(line);
    if (index !== -1) return { index, line, what: `still the blank "claude plugin eval init --bare" template ("${line}"), which the eval command refuses`, refused: true };
  }
  const trimmed = text.trim();
  return /^TODO[.:]?$/.test(trimmed) ? { index: text.indexOf("TODO"), line: trimmed, what: `only a "${trimmed}" placeholder, which the eval command runs as written`, refused: false } : undefined;
}

/**
 * Tools a run withholds unless the operator grants them with --allow-tools (2.1.330 warns about
 * graders that need them); read-only tools (Read, Glob, Grep, Skill, Agent, TodoWrite, …) are
 * always granted.
 */
const GATED_TOOLS: ReadonlySet<string> = new Set(["Bash", "PowerShell", "Write", "Edit", "NotebookEdit", "WebFetch", "WebSearch"]);

function listed(entry: string, tool: string): boolean {
  const open = entry.indexOf("(");
  return (open === -1 ? entry : entry.slice(0, open)).trim() === tool;
}

function at(grader: Grader, ...path: (string | number)[]): Anchor {
  return { path: [...grader.base, ...path] };
}

function label(grader: Grader): string {
  return grader.name ? `grader "${grader.name}"` : "grader";
}

function checkPrompt(evalCase: EvalCase, report: Report): void {
  const data = caseData(evalCase);
  const execution = isObject(data?.execution) ? data.execution : undefined;
  const yamlPrompt = execution?.prompt;
  const body = evalCase.promptFile ? trimmedBody(evalCase.promptFile) : undefined;

  if (evalCase.caseFile && typeof yamlPrompt === "string") {
    const template = templateAt(yamlPrompt);
    if (template) {
      report({
        file: evalCase.caseFile,
        at: { path: ["execution", "prompt"] },
        severity: template.refused ? "error" : "warning",
        message: `the prompt is ${template.what}`,
        hint: "replace it with the user prompt this case should test",
      });
    }
  }
  if (evalCase.promptFile && body) {
    const template = templateAt(body.text);
    if (template) {
      report({
        file: evalCase.promptFile,
        at: { offset: body.offset + template.index, length: template.line.length },
        severity: template.refused ? "error" : "warning",
        message: `the prompt is ${template.what}`,
        hint: "replace the TODO line with the user prompt this case should test",
      });
    }
  }

  if (unreadable(evalCase)) return;
  const hasYamlPrompt = typeof yamlPrompt === "string" && yamlPrompt.trim() !== "";
  const hasBody = body !== undefined && body.text !== "";
  // 2.1.330 wants a prompt even when context.history_file resumes a transcript.
  if (hasYamlPrompt || hasBody) return;
  // eval-case-schema already reports an execution block whose prompt is missing, empty or not a string.
  const schemaReports = !evalCase.promptFile && execution !== undefined && !(typeof yamlPrompt === "string" && yamlPrompt.length > 0);
  if (schemaReports) return;
  const where = evalCase.promptFile
    ? { file: evalCase.promptFile, at: { offset: evalCase.promptFile.markdown?.bodyOffset ?? 0 } as Anchor }
    : { file: evalCase.caseFile as SourceFile, at: (execution ? { path: ["execution"], part: "key" } : { path: [], part: "missing" }) as Anchor };
  report({
    ...where,
    message: `case "${evalCase.dir}" has no prompt: neither "execution.prompt" in case.yaml nor a prompt.md body`,
    hint: evalCase.promptFile ? "write the user prompt below the frontmatter of prompt.md" : "add execution.prompt with the user prompt this case should test",
  });
}

/** A case needs at least one grader; eval-case-schema covers an empty or malformed case.yaml list. */
function checkGraderCount(evalCase: EvalCase, graders: Grader[], report: Report): void {
  if (graders.length > 0 || unreadable(evalCase) || caseData(evalCase)?.graders !== undefined) return;
  const file = evalCase.caseFile ?? evalCase.promptFile!;
  report({
    file,
    at: file.kind === "eval-case" ? { path: [], part: "missing" } : { line: 1 },
    message: `case "${evalCase.dir}" has no graders, so the eval command refuses it`,
    hint: evalCase.caseFile ? "add a graders list to case.yaml, or graders/<name>.md files" : "add graders/<name>.md files with a type in their frontmatter",
  });
}

function checkNames(graders: Grader[], report: Report): void {
  const seen = new Map<string, Grader>();
  for (const grader of graders) {
    if (grader.name === undefined || grader.name === "") continue;
    const first = seen.get(grader.name);
    if (!first) {
      seen.set(grader.name, grader);
      continue;
    }
    const where = first.file === grader.file ? "in this case" : `in "${first.file.path}"`;
    report({
      file: grader.file,
      at: grader.nameAt,
      message: `grader name "${grader.name}" is already used ${where}; the eval command rejects a case whose grader names repeat`,
      hint: grader.prose && !("path" in grader.nameAt) ? "rename the grader file (its name is the grader name)" : "give each grader a distinct name",
      related: [locate(first.file, first.nameAt)],
    });
  }
}

/** Reports a regex that fails to compile; `offset` is where the pattern text starts when it is body text. */
function checkRegex(grader: Grader, pattern: string, flags: string, flagsKey: string | undefined, anchor: Anchor, what: string, report: Report, bodyOffset?: number): void {
  const problem = regexProblem(pattern, flags, flagsKey);
  if (!problem) return;
  const located = bodyOffset !== undefined && problem.index !== undefined ? ({ offset: bodyOffset + problem.index, length: problem.length ?? 0 } as Anchor) : anchor;
  const effect = what === "input_match" ? "the grader cannot match a call with it" : "the grader fails at grading time";
  report({ file: grader.file, at: located, message: `${label(grader)}: ${what} "${shown(pattern)}" ${problem.reason}; ${effect}`, hint: problem.hint });
}

function checkInputMatch(grader: Grader, value: unknown, path: (string | number)[], report: Report): void {
  if (typeof value !== "string") return;
  checkRegex(grader, value, "", undefined, at(grader, ...path), "input_match", report);
}

function checkGrantedTool(grader: Grader, tool: unknown, path: (string | number)[], allowed: string[] | undefined, report: Report): void {
  if (allowed === undefined || typeof tool !== "string" || !GATED_TOOLS.has(tool)) return;
  if (allowed.some((entry) => listed(entry, tool))) return;
  report({
    file: grader.file,
    at: at(grader, ...path),
    severity: "warning",
    message: `${label(grader)} needs a call to "${tool}", but "${tool}" is not in the case's allowed_tools; unless the suite runs with --allow-tools ${tool}, the run withholds it and the grader cannot pass`,
    hint: `add "${tool}" to allowed_tools (the operator still grants it with --allow-tools ${tool})`,
  });
}

function checkGrader(grader: Grader, allowed: string[] | undefined, report: Report): void {
  const data = grader.data;
  switch (data.type) {
    case "regex": {
      const flags = typeof data.flags === "string" ? data.flags : "";
      const flagIssue = flagsProblem(flags);
      if (flagIssue) report({ file: grader.file, at: at(grader, "flags"), message: `${label(grader)}: flags "${flags}" are not a valid flag set (${flagIssue}); the grader fails at grading time`, hint: "give each flag once, and not both u and v" });
      const usable = JS_FLAGS.test(flags) && !flagIssue ? flags : "";
      if (typeof data.pattern === "string") checkRegex(grader, data.pattern, usable, "flags", at(grader, "pattern"), "pattern", report);
      else if (grader.prose && data.pattern === undefined && grader.body && grader.body.text !== "") {
        const body = grader.body;
        checkRegex(grader, body.text, usable, "flags", { offset: body.offset, length: body.text.length }, "pattern", report, body.offset);
      }
      break;
    }
    case "tool_used": {
      checkInputMatch(grader, data.input_match, ["input_match"], report);
      const min = typeof data.min === "number" ? data.min : undefined;
      const max = typeof data.max === "number" ? data.max : undefined;
      if (max !== undefined && min === undefined && max < 1) {
        report({ file: grader.file, at: at(grader, "max"), message: `${label(grader)} can never pass: "max: ${max}" with the default "min: 1"`, hint: 'add "min: 0" to say the tool must not be called' });
      } else if (max !== undefined && min !== undefined && min > max) {
        report({ file: grader.file, at: at(grader, "min"), message: `${label(grader)} can never pass: "min: ${min}" is greater than "max: ${max}"`, hint: "swap or correct the bounds" });
      }
      // A "must not call" grader (max 0) passes whether or not the tool is granted.
      if (max !== 0) checkGrantedTool(grader, data.tool, ["tool"], allowed, report);
      break;
    }
    case "tool_order": {
      for (const key of ["before", "after"] as const) {
        const side = data[key];
        if (typeof side === "string") checkGrantedTool(grader, side, [key], allowed, report);
        else if (isObject(side)) {
          checkInputMatch(grader, side.input_match, [key, "input_match"], report);
          checkGrantedTool(grader, side.tool, [key, "tool"], allowed, report);
        }
      }
      break;
    }
    case "llm":
    case "baseline": {
      const criteria = typeof data.criteria === "string" ? { text: data.criteria, anchor: at(grader, "criteria"), offset: undefined } : grader.prose && grader.body ? { text: grader.body.text, anchor: undefined, offset: grader.body.offset } : undefined;
      const template = criteria ? templateAt(criteria.text) : undefined;
      if (criteria && template) {
        report({
          file: grader.file,
          at: criteria.offset !== undefined ? { offset: criteria.offset + template.index, length: template.line.length } : criteria.anchor!,
          severity: template.refused ? "error" : "warning",
          message: `${label(grader)}: the criteria are ${template.what}`,
          hint: "replace the TODO line with what a passing answer must do",
        });
      }
      break;
    }
    default:
      break;
  }
}

export const evalCaseStructure: Rule = {
  id: "eval-case-structure",
  severity: "error",
  description: "Eval cases have a prompt, unique grader names, no leftover init template, regexes that compile in JavaScript, and graded tools the case allows.",
  consequence:
    "`claude plugin eval` refuses a case without a prompt, with duplicate grader names or the untouched init template, and a grader regex that JavaScript cannot compile fails at grading time.",
  check({ project, report }) {
    for (const file of casesInMocks(project)) {
      report({ file, at: { line: 1 }, message: "a case inside a mocks/ folder is never run: the eval command keeps mocks/ for MCP mock responders", hint: "move the case folder out of mocks/" });
    }
    for (const evalCase of evalCases(project)) {
      checkPrompt(evalCase, report);
      const graders = gradersOf(evalCase);
      checkGraderCount(evalCase, graders, report);
      checkNames(graders, report);
      const allowed = unreadable(evalCase) ? undefined : allowedTools(evalCase);
      for (const grader of graders) checkGrader(grader, allowed, report);
    }
  },
};
