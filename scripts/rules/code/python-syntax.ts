import { pythonKey } from "../../core/python.ts";
import type { Rule } from "../../core/types.ts";

export const pythonSyntax: Rule = {
  id: "python-syntax",
  needs: ["python"],
  severity: "error",
  description:
    "Python files (scripts, hooks, skill assets) compile with python3, so a script Claude or a hook runs does not fail on a syntax error.",
  check({ project, report }) {
    // Without python3 the CLI prints one info line instead; nothing is guessed.
    if (!project.python.available) return;
    for (const file of project.files) {
      if (file.kind !== "python") continue;
      const error = project.python.errors.get(pythonKey(file));
      if (!error) continue;
      report({
        file,
        at: { line: error.line, column: error.column },
        message: `Python does not compile: ${error.message}`,
        hint: "run `python3 -m py_compile` on the file and fix the reported line",
      });
    }
  },
};
