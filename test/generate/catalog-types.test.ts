import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/repo.ts";

function diagnostics(source: string): string[] {
  const file = path.join(REPO_ROOT, "scripts/catalog/__probe__.ts");
  fs.writeFileSync(file, source);
  try {
    const config = ts.getParsedCommandLineOfConfigFile(
      path.join(REPO_ROOT, "tsconfig.json"),
      {},
      { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
    )!;
    const program = ts.createProgram([file], { ...config.options, noEmit: true });
    return ts
      .getPreEmitDiagnostics(program, program.getSourceFile(file))
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  } finally {
    fs.rmSync(file);
  }
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
