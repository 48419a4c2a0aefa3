import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/repo.ts";

const PROBE = path.join(REPO_ROOT, "scripts/catalog/__probe__.ts");
const options = {
  ...ts.getParsedCommandLineOfConfigFile(
    path.join(REPO_ROOT, "tsconfig.json"),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  )!.options,
  noEmit: true,
};
/** Parsed files (the catalog's modules, the standard library), shared by the probes: they never change here. */
const parsed = new Map<string, ts.SourceFile | undefined>();

/**
 * Type-checks a module as if it sat in scripts/catalog/. The probe is served from memory, so
 * nothing is written into the repository while other test files read it.
 */
function diagnostics(source: string): string[] {
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => name === PROBE || fileExists.call(host, name);
  host.readFile = (name) => (name === PROBE ? source : readFile.call(host, name));
  host.getSourceFile = (name, language, onError) => {
    if (name === PROBE) return ts.createSourceFile(name, source, language);
    if (!parsed.has(name)) parsed.set(name, getSourceFile.call(host, name, language, onError));
    return parsed.get(name);
  };
  const program = ts.createProgram([PROBE], options, host);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(PROBE))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("the typed source of truth", () => {
  it("rejects a misspelt agent name in a workflow at compile time", () => {
    const errors = diagnostics(
      `import { agent, type Workflow } from "./types.ts";\nexport const w: Workflow = { id: "x", title: "x", appliesTo: "x", signals: "x", steps: [{ owner: agent("fastapi-por"), mode: "implement", does: "x", writes: ["diff"] }], stopWhen: [], verify: [] };\n`,
    );
    expect(errors.join("\n")).toMatch(/"fastapi-por"/);
  });

  it("rejects a step that reads an artifact the model does not know", () => {
    const errors = diagnostics(
      `import { agent, type Workflow } from "./types.ts";\nexport const w: Workflow = { id: "x", title: "x", appliesTo: "x", signals: "x", steps: [{ owner: agent("fastapi-pro"), mode: "implement", does: "x", reads: ["contrct"], writes: ["diff"] }], stopWhen: [], verify: [] };\n`,
    );
    expect(errors.join("\n")).toMatch(/"contrct"/);
  });

  it("accepts the real names", () => {
    expect(
      diagnostics(
        `import { agent, type Workflow } from "./types.ts";\nexport const w: Workflow = { id: "x", title: "x", appliesTo: "x", signals: "x", steps: [{ owner: agent("fastapi-pro"), mode: "implement", does: "x", writes: ["diff"], consults: ["fastapi-templates"] }], stopWhen: [], verify: [] };\n`,
      ),
    ).toEqual([]);
  });
});
