import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/repo.ts";

/** Modules type-checked as if they sat in scripts/catalog/, each on its own. */
const PROBES = {
  misspeltAgent: `import { agent, type Workflow } from "./types.ts";\nexport const w: Workflow = { id: "x", title: "x", appliesTo: "x", signals: "x", steps: [{ owner: agent("fastapi-por"), mode: "implement", does: "x", writes: ["diff"] }], stopWhen: [], verify: [] };\n`,
  unknownArtifact: `import { agent, type Workflow } from "./types.ts";\nexport const w: Workflow = { id: "x", title: "x", appliesTo: "x", signals: "x", steps: [{ owner: agent("fastapi-pro"), mode: "implement", does: "x", reads: ["contrct"], writes: ["diff"] }], stopWhen: [], verify: [] };\n`,
  realNames: `import { agent, type Workflow } from "./types.ts";\nexport const w: Workflow = { id: "x", title: "x", appliesTo: "x", signals: "x", steps: [{ owner: agent("fastapi-pro"), mode: "implement", does: "x", writes: ["diff"], consults: ["fastapi-templates"] }], stopWhen: [], verify: [] };\n`,
};
type Probe = keyof typeof PROBES;

const probeFile = (name: Probe) => path.join(REPO_ROOT, `scripts/catalog/__probe_${name}__.ts`);

let program: ts.Program | undefined;

/**
 * One program holds every probe: each is a module of its own (nothing in one can reach
 * another), so a probe's diagnostics are exactly those it would get alone, and the standard
 * library and the catalog are parsed and bound once. The probes are served from memory, so
 * nothing is written into the repository while other test files read it.
 */
function diagnostics(name: Probe): string[] {
  if (!program) {
    const options = {
      ...ts.getParsedCommandLineOfConfigFile(
        path.join(REPO_ROOT, "tsconfig.json"),
        {},
        { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
      )!.options,
      noEmit: true,
    };
    const sources = new Map(Object.entries(PROBES).map(([probe, source]) => [probeFile(probe as Probe), source]));
    const host = ts.createCompilerHost(options);
    const { getSourceFile, fileExists, readFile } = host;
    host.fileExists = (file) => sources.has(file) || fileExists.call(host, file);
    host.readFile = (file) => sources.get(file) ?? readFile.call(host, file);
    host.getSourceFile = (file, language, onError) => {
      const source = sources.get(file);
      return source === undefined
        ? getSourceFile.call(host, file, language, onError)
        : ts.createSourceFile(file, source, language);
    };
    program = ts.createProgram([...sources.keys()], options, host);
  }
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(probeFile(name)))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("the typed source of truth", () => {
  it("rejects a misspelt agent name in a workflow at compile time", () => {
    expect(diagnostics("misspeltAgent").join("\n")).toMatch(/"fastapi-por"/);
  });

  it("rejects a step that reads an artifact the model does not know", () => {
    expect(diagnostics("unknownArtifact").join("\n")).toMatch(/"contrct"/);
  });

  it("accepts the real names", () => {
    expect(diagnostics("realNames")).toEqual([]);
  });
});
