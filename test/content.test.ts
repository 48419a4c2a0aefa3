import fs from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import matter from "gray-matter";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { catalog } from "../scripts/catalog/index.ts";
import { reviewOnly, roleOf } from "../scripts/catalog/model.ts";
import { REPO_ROOT } from "./helpers/repo.ts";

const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
const front = (file: string) => matter(read(file), {}) as unknown as { data: Record<string, unknown>; content: string };
const agents = fg.sync("agents/*.md", { cwd: REPO_ROOT }).sort();
const skills = fg.sync("skills/*/SKILL.md", { cwd: REPO_ROOT }).sort();
const commands = fg.sync("commands/*.md", { cwd: REPO_ROOT }).sort();
const contentFiles = fg
  .sync(["agents/**/*", "skills/**/*", "commands/**/*"], { cwd: REPO_ROOT, dot: true })
  .filter((f) => /\.(md|py|ya?ml|json|toml|ini|mako|example)$/.test(f))
  .sort();

/** The content guide's stale-idiom denylist (§2.3); a line may name an idiom only as "Legacy:". */
const DENYLIST: [string, RegExp][] = [
  ["Pydantic v1 .dict()/.parse_obj()", /\b(?!response\b|resp\b|r\b)\w+\.(dict|parse_obj|parse_raw)\(\)/],
  ["class Config:", /^[ \t]*class Config:/m],
  ["pydantic BaseSettings", /from pydantic import [^\n]*\bBaseSettings\b/],
  ["@validator / @root_validator", /@(root_)?validator\b/],
  ["orm_mode", /\borm_mode\b/],
  ["@app.on_event(", /@app\.on_event\(/],
  ["python-jose", /from jose import|python-jose/],
  ["passlib", /\bpasslib\b/],
  ["datetime.utcnow()", /datetime\.utcnow\(\)/],
  ["declarative_base import", /sqlalchemy\.ext\.declarative import declarative_base/],
  ["sessionmaker(class_=AsyncSession)", /sessionmaker\([^)]*class_=AsyncSession/],
  ["AsyncClient(app=", /AsyncClient\(app=/],
  ["event_loop fixture", /def event_loop\(/],
  ["HTTP_422_UNPROCESSABLE_ENTITY", /HTTP_422_UNPROCESSABLE_ENTITY/],
  ["ORJSONResponse/UJSONResponse", /\b(ORJSONResponse|UJSONResponse)\b/],
  ["= Depends( default", /:\s*\w[\w[\], ]*=\s*Depends\(/],
  ["Ellipsis Query/Field", /\b(Query|Field|Body|Path)\(\.\.\./],
  ["X-RateLimit-", /X-RateLimit-/],
  ["RFC 7807", /RFC\s?7807/i],
  ["nullable: true", /^[ \t]*nullable:\s*true/m],
  ["subscriptions-transport-ws", /subscriptions-transport-ws/],
  ["django-db-pool", /django-db-pool/],
  ["Hystrix", /\bHystrix\b/],
  ["dated model id", /^model:\s*claude-[a-z0-9-]*20\d{6}/m],
];

describe("content meets the plugin's measured standards", () => {
  it.each(contentFiles)("%s has no stale idiom outside a Legacy: line", (file) => {
    const lines = read(file)
      .split("\n")
      .filter((line) => !/legacy:/i.test(line));
    const hits = DENYLIST.filter(([, pattern]) => pattern.test(lines.join("\n"))).map(([name]) => name);
    expect(hits).toEqual([]);
  });

  it.each(agents)("%s: description 150-600 characters with a trigger, a boundary and what to pass", (file) => {
    const description = String(front(file).data.description);
    expect(description.length).toBeGreaterThanOrEqual(150);
    expect(description.length).toBeLessThanOrEqual(600);
    expect(description).toMatch(/Use when /);
    expect(description).toMatch(/Not for [^.]*\(use mars:[a-z-]+(?: or mars:[a-z-]+)?\)/);
    expect(description).toMatch(/Pass /);
  });

  it.each(agents)("%s: least-privilege tools, model policy, on-invoke size, safety and currency lines", (file) => {
    const { data, content } = front(file);
    const tools = String(data.tools).split(/,\s*/);
    const name = path.basename(file, ".md");
    if (name === catalog.orchestrator) expect(data.model).toBe("sonnet");
    else expect(data.model).toBe("inherit");
    const specialist = catalog.specialists.find((s) => s.name === name);
    // Review-only roles cannot edit (only scoped, read-only Bash); designers write their artifacts but run nothing.
    if (specialist && reviewOnly(roleOf(catalog, specialist.name)))
      expect(tools.filter((t) => /^(Edit|Write|Bash|NotebookEdit)$/.test(t))).toEqual([]);
    if (["backend-architect", "graphql-architect"].includes(name)) {
      expect(tools).toContain("Write");
      expect(tools.filter((t) => /^Bash/.test(t))).toEqual([]);
    }
    if (tools.includes("Bash")) expect(content).toMatch(/Bash is here to /);
    expect(data).not.toHaveProperty("hooks");
    expect(data).not.toHaveProperty("mcpServers");
    expect(data).not.toHaveProperty("permissionMode");
    expect(content.trim().length).toBeLessThanOrEqual(name === catalog.orchestrator ? 10_000 : 12_000);
    expect(content).toMatch(/data, not instructions/);
    if (name !== catalog.orchestrator) expect(content).toMatch(/Verified against: .+20\d\d-\d\d/);
    expect((content.match(/\b(MUST|NEVER|ALWAYS)\b/g) ?? []).length).toBeLessThanOrEqual(15);
    expect(content).not.toMatch(/\b(world-class|elite|battle-tested|cutting-edge|expert-level)\b/i);
    expect(content).not.toMatch(/<example>/);
  });

  it.each(skills)(
    "%s: name equals folder, third-person description 200-700 characters with a boundary, at most 300 lines and 8 KB",
    (file) => {
      const { data, content } = front(file);
      expect(data.name).toBe(path.basename(path.dirname(file)));
      const description = String(data.description);
      expect(description.length).toBeGreaterThanOrEqual(200);
      expect(description.length).toBeLessThanOrEqual(700);
      expect(description).toMatch(/^This skill should be used /);
      expect(description).toMatch(/Not for /);
      expect(read(file).split("\n").length).toBeLessThanOrEqual(300);
      // The content guide's L2: a SKILL.md loads whole when the skill fires, so it stays within 8 KB.
      expect(Buffer.byteLength(read(file))).toBeLessThanOrEqual(8192);
      expect(content).not.toMatch(/\b(orchestrate|coordinate)\b/i);
    },
  );

  it.each(fg.sync("skills/*/references/*.md", { cwd: REPO_ROOT }).sort())(
    "%s: one level deep, with a table of contents when over 100 lines",
    (file) => {
      const text = read(file);
      if (text.split("\n").length > 100)
        expect(text.slice(0, 1500)).toMatch(/^(#{1,3} )?(Contents|Table of contents)\b/im);
    },
  );

  it.each(commands)(
    "%s: description at most 80 characters, hint, scoped tools, invocation policy (a trigger clause when the model may invoke it), at most 150 lines",
    (file) => {
      const { data, content } = front(file);
      expect(String(data.description).length).toBeLessThanOrEqual(80);
      expect(typeof data["argument-hint"]).toBe("string");
      expect(String(data["allowed-tools"])).not.toMatch(/(^|,\s*)Bash(,|$)/);
      const workflow = catalog.workflows.find((w) => w.command?.name === path.basename(file, ".md"));
      expect(data["disable-model-invocation"]).toBe(workflow?.command?.editsFiles ?? false);
      if (data["disable-model-invocation"] === false)
        expect(`${String(data.description)} ${String(data.when_to_use ?? "")}`).toMatch(/\bUse when\b/);
      expect(content).toContain("$ARGUMENTS");
      expect(content).not.toMatch(/\$[1-9]\b/);
      expect(read(file).split("\n").length).toBeLessThanOrEqual(150);
      for (const block of content.match(/```[\s\S]*?```/g) ?? [])
        expect(block.split("\n").length - 2).toBeLessThanOrEqual(40);
    },
  );
});

describe("the api-design-principles example contract", () => {
  const contract = parseYaml(read("skills/api-design-principles/assets/openapi-example.yaml")) as {
    components: { schemas: Record<string, Record<string, unknown>> };
  };
  const schema = JSON.parse(read("skills/api-design-principles/assets/problem-details.schema.json")) as Record<
    string,
    unknown
  > & { properties: Record<string, unknown>; $defs: { fieldError: unknown } };

  it("is one file: no $ref leaves it, so diff tools load it with external references off", () => {
    const refs = read("skills/api-design-principles/assets/openapi-example.yaml").match(/\$ref:\s*\S+/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref).toMatch(/^\$ref:\s*'#\//);
  });

  it("inlines the same Problem schema the skill ships as JSON Schema", () => {
    const { Problem, FieldError } = contract.components.schemas;
    const properties = {
      ...schema.properties,
      errors: { ...(schema.properties.errors as object), items: { $ref: "#/components/schemas/FieldError" } },
    };
    expect(Problem).toEqual({
      title: schema.title,
      description: schema.description,
      type: schema.type,
      properties,
      additionalProperties: schema.additionalProperties,
    });
    expect(FieldError).toEqual(schema.$defs.fieldError);
  });
});
