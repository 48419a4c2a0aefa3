import { pythonKey } from "../../core/python.ts";
import type { Rule } from "../../core/types.ts";

export const pythonSyntax: Rule = {
  id: "python-syntax",
  needs: ["python"],
  severity: "error",
  description:
    "Python files Claude Code runs or reads (hook scripts, skill scripts, files in bin/) compile with python3.",
  consequence:
    "A hook or skill script with a syntax error fails every time it runs: the hook reports an error (or, as a PreToolUse guard, blocks nothing), and the skill step that runs it fails.",
  check({ project, report }) {
    const pythonFiles = project.files.filter((file) => file.kind === "python" && file.readable);
    if (!project.python.available) {
      // Not run, and said so once, with the reason; nothing is guessed.
      const first = pythonFiles[0];
      if (first && project.python.reason !== "not needed")
        report({
          file: first,
          severity: "note",
          message: `${pythonFiles.length} Python file(s) were not compiled: ${project.python.reason ?? "python3 is not available"}`,
          hint: "install python3 (or set MARS_PYTHON) to check them",
        });
      return;
    }
    for (const file of pythonFiles) {
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
