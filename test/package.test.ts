import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RUNTIME_EXTERNALS } from "../scripts/pack/bundle.ts";
import { REPO_ROOT } from "./helpers/repo.ts";

const read = (file: string) =>
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, file), "utf8")) as Record<string, unknown>;

describe("package layout", () => {
  it("keeps one version in package.json, plugin.json and the marketplace entry", () => {
    const version = read("package.json").version;
    const entry = (read(".claude-plugin/marketplace.json").plugins as { name: string; version?: string }[]).find(
      (p) => p.name === "mars",
    );
    expect(read(".claude-plugin/plugin.json").version).toBe(version);
    expect(entry?.version).toBe(version);
  });

  it("names the plugin mars and lists it from the repository root", () => {
    expect(read(".claude-plugin/plugin.json").name).toBe("mars");
    const entry = (read(".claude-plugin/marketplace.json").plugins as { name: string; source: unknown }[]).find(
      (p) => p.name === "mars",
    );
    expect(entry?.source).toBe("./");
  });

  it("ships a square PNG icon between 512 and 2048 pixels and under 2 MB", () => {
    const icon = fs.readFileSync(path.join(REPO_ROOT, ".claude-plugin/icon.png"));
    expect(icon.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
    const width = icon.readUInt32BE(16);
    const height = icon.readUInt32BE(20);
    expect(width).toBe(height);
    expect(width).toBeGreaterThanOrEqual(512);
    expect(width).toBeLessThanOrEqual(2048);
    expect(icon.length).toBeLessThan(2 * 1024 * 1024);
  });

  it("pins every dependency to a major and requires Node 20 or newer", () => {
    const pkg = read("package.json") as {
      engines: { node: string };
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
      type: string;
    };
    expect(pkg.type).toBe("module");
    expect(pkg.engines.node).toMatch(/^>=20/);
    for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }))
      expect(range, name).toMatch(/^\^?\d+\.\d+\.\d+$/);
    expect(pkg.devDependencies.vitest).toMatch(/^\^4\./);
    expect(fs.existsSync(path.join(REPO_ROOT, "package-lock.json"))).toBe(true);
  });
});

describe("published package", () => {
  const pkg = read("package.json") as {
    name: string;
    private?: boolean;
    bin: Record<string, string>;
    files: string[];
    exports: Record<string, unknown>;
    scripts: Record<string, string>;
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };

  it("is the public mars-validate package, with its binary in a file that exists", () => {
    expect(pkg.name).toBe("mars-validate");
    expect(pkg.private).toBeUndefined();
    expect(Object.keys(pkg.bin)).toEqual(["mars-validate"]);
    expect(fs.readFileSync(path.join(REPO_ROOT, pkg.bin["mars-validate"]!), "utf8")).toMatch(
      /^#!\/usr\/bin\/env node\n/,
    );
  });

  it("depends at run time only on what the bundle leaves to node_modules", () => {
    expect(Object.keys(pkg.dependencies).sort()).toEqual([...RUNTIME_EXTERNALS].sort());
    for (const tool of ["tsx", "typescript", "vitest"]) expect(pkg.devDependencies[tool], tool).toBeDefined();
  });

  it("builds the JavaScript at pack time, exports the library with its types and the schemas by a stable path", () => {
    expect(pkg.scripts.prepack).toBe("tsx scripts/pack/prepack.ts");
    expect(pkg.scripts.test).toBe("tsc --noEmit && npm run lint && vitest run");
    // Lint: ESLint (with the regexp plugin), Prettier, no import cycle (madge), no dead export (knip).
    expect(pkg.scripts.lint).toMatch(/^eslint .* && prettier --check .* && madge --circular .* && knip\b/);
    expect(pkg.exports["."]).toEqual({ types: "./dist/index.d.ts", default: "./dist/index.mjs" });
    expect(pkg.exports["./schemas/*"]).toBe("./scripts/schemas/*");
    expect(pkg.files).toEqual(["dist/", "docs/rules/", "scripts/bin/mars-validate.js", "scripts/schemas/*.json"]);
  });
});
