import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
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

function pythonSources(files: SourceFile[]): [string, string][] {
  const sources: [string, string][] = [];
  for (const file of files) {
    if (file.kind === "python") sources.push([pythonKey(file), file.text]);
    for (const block of file.markdown?.codeBlocks ?? []) {
      if (PYTHON_LANGS.has(block.lang)) sources.push([pythonKey(file, block.offset), block.code]);
    }
  }
  return sources;
}

function report(stdout: string | undefined, ok: boolean, sources: number): PythonReport {
  const errors = new Map<string, { line: number; column: number; message: string }>();
  if (!ok || stdout === undefined) return { available: false, errors, sources };
  try {
    const parsed = JSON.parse(stdout) as Record<string, [number, number, string]>;
    for (const [key, [line, column, message]] of Object.entries(parsed)) errors.set(key, { line, column, message });
    return { available: true, errors, sources };
  } catch {
    return { available: false, errors, sources };
  }
}

const PYTHON = () => process.env.MARS_PYTHON ?? "python3";

/** Compiles every Python code block and .py file in one python3 process; reports python3's absence instead of failing. */
export function compilePython(files: SourceFile[], executable = PYTHON()): PythonReport {
  const sources = pythonSources(files);
  if (sources.length === 0) return { available: true, errors: new Map() };
  const result = spawnSync(executable, ["-I", "-c", COMPILER], {
    input: JSON.stringify(sources),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  return report(result.stdout, !result.error && result.status === 0, sources.length);
}

/**
 * The same, without blocking: the sources go through a temporary file (a pipe would stall
 * once its buffer fills), so python3 compiles while the validator does other work.
 */
export async function compilePythonAsync(files: SourceFile[], executable = PYTHON()): Promise<PythonReport> {
  const sources = pythonSources(files);
  if (sources.length === 0) return { available: true, errors: new Map() };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mars-python-"));
  const input = path.join(dir, "sources.json");
  fs.writeFileSync(input, JSON.stringify(sources));
  try {
    return await new Promise<PythonReport>((resolve) => {
      const child = spawn(
        executable,
        ["-I", "-c", `import sys; sys.stdin = open(sys.argv[1], encoding="utf-8")\n${COMPILER}`, input],
        { stdio: ["ignore", "pipe", "ignore"], timeout: 120_000 },
      );
      let stdout = "";
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (chunk: string) => void (stdout += chunk));
      child.on("error", () => resolve(report(undefined, false, sources.length)));
      child.on("close", (code) => resolve(report(stdout, code === 0, sources.length)));
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
