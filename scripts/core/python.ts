import { spawnSync } from "node:child_process";
import type { PythonReport, SourceFile } from "./types.ts";

export const PYTHON_LANGS = new Set(["python", "py", "python3"]);

// One interpreter for the whole run: compile() checks syntax without executing anything.
const COMPILER = `
import json, sys, warnings
warnings.simplefilter("ignore")
out = {}
for key, code in json.load(sys.stdin):
    try:
        compile(code, key, "exec", dont_inherit=True)
    except SyntaxError as e:
        out[key] = [e.lineno or 1, e.offset or 1, e.msg]
    except (ValueError, TypeError) as e:
        out[key] = [1, 1, str(e)]
json.dump(out, sys.stdout)
`;

export function pythonKey(file: SourceFile, offset?: number): string {
  return offset === undefined ? file.path : `${file.path}#${offset}`;
}

/** Compiles every Python code block and .py file in one python3 process; reports python3's absence instead of failing. */
export function compilePython(files: SourceFile[], executable = process.env.MARS_PYTHON ?? "python3"): PythonReport {
  const sources: [string, string][] = [];
  for (const file of files) {
    if (file.kind === "python") sources.push([pythonKey(file), file.text]);
    for (const block of file.markdown?.codeBlocks ?? []) {
      if (PYTHON_LANGS.has(block.lang)) sources.push([pythonKey(file, block.offset), block.code]);
    }
  }
  const errors = new Map<string, { line: number; column: number; message: string }>();
  if (sources.length === 0) return { available: true, errors };
  const result = spawnSync(executable, ["-I", "-c", COMPILER], { input: JSON.stringify(sources), encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  if (result.error || result.status !== 0) return { available: false, errors };
  try {
    const parsed = JSON.parse(result.stdout) as Record<string, [number, number, string]>;
    for (const [key, [line, column, message]] of Object.entries(parsed)) errors.set(key, { line, column, message });
    return { available: true, errors };
  } catch {
    return { available: false, errors };
  }
}
