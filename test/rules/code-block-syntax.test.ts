import { describe, expect, it } from "vitest";
import { codeRules } from "../../scripts/rules/code/index.ts";
import { writeTree } from "../helpers/repo.ts";
import { findingsFor } from "../helpers/validate.ts";

const rules = codeRules.filter((r) => r.id === "code-block-syntax");
const manifest = JSON.stringify({ name: "demo", version: "1.0.0" });

async function positions(body: string): Promise<string[]> {
  const root = writeTree({
    ".claude-plugin/plugin.json": manifest,
    "skills/guide/SKILL.md": "---\nname: guide\ndescription: d\n---\n\nSee [the guide](guide.md).\n",
    "skills/guide/guide.md": body,
  });
  return (await findingsFor(root, rules)).map((f) => `${f.location.start.line}:${f.location.start.column}`);
}

/** The findings on a skill whose body is `body`, as "severity: message". */
async function graded(body: string): Promise<string[]> {
  const root = writeTree({
    ".claude-plugin/plugin.json": manifest,
    "skills/guide/SKILL.md": `---\nname: guide\ndescription: d\n---\n\n${body}`,
  });
  return (await findingsFor(root, rules)).map((f) => `${f.severity}: ${f.message}`);
}

describe("code-block-syntax", () => {
  it("points into the block, past the stripped indentation, with CRLF and non-ASCII text", async () => {
    expect(
      await positions('# Guide\r\n\r\n- item\r\n\r\n  ```json\r\n  {\r\n    "a": 1,,\r\n  }\r\n  ```\r\n'),
    ).toEqual(["7:12"]);
    expect(await positions('```ts\nconst café = "é"; let x = ;\n```\n')).toEqual(["2:27"]);
  });

  it("accepts JSON captions, JSONC files named by their caption, and markup usage lines", async () => {
    expect(await positions('```json\n// .vscode/settings.json\n{ "a": 1, /* ok */ }\n```\n')).toEqual([]);
    expect(await positions('```tsx\n<A b="c" />\n<A b="d">x</A>\n```\n')).toEqual([]);
  });

  it("never throws on empty, unlabelled or unterminated input", async () => {
    expect(await positions("```\n```\n```json\n")).toEqual([]);
    expect(await positions("```json\n{\n")).toEqual(["1:1"]);
    expect(await positions("```yaml\n\n```\n```graphql\n  \n```\n")).toEqual([]);
  });

  it("weighs what vendored API docs hold: type sketches pass, trailing commas and event streams are notes", async () => {
    expect(await graded('```json\n"cache_control": {\n  "ttl": "5m" | "1h"\n}\n```\n')).toEqual([]);
    expect(await graded('```json\n{ "decision": "block" | undefined }\n```\n')).toEqual([]);
    expect(await graded('```json\n[\n  {"role": "user"},\n]\n```\n')).toEqual([
      'note: "json" code block does not parse as JSON: a trailing comma, which strict JSON rejects',
    ]);
    expect(await graded('```json\nevent: ping\ndata: {"type": "ping"}\n```\n')).toEqual([
      'note: code block labelled "json" holds a server-sent event stream',
    ]);
    expect(await graded('```json\n{\n  "score": 0 or 1,\n  "mode": "fast" or "safe",\n  "n": N\n}\n```\n')).toEqual([]);
    expect(
      await graded(
        "```yaml\n---agent-result---\nstatus: success | failed\ntask_ref: {task_id}\nsummary: |\n  Done.\n---end-agent-result---\n```\n",
      ),
    ).toEqual([]);
    expect(await graded('```yaml\n---agent-result---\nstatus: "open\nnext: 1\n---end---\n```\n')).toHaveLength(1);
    expect(
      await graded('```yaml\nAskUserQuestion:\n  "Which database?"\n  options:\n    - label: "PostgreSQL"\n```\n'),
    ).toEqual([]);
    expect(await graded('```yaml\nPlanner:\n  "Which database?"\n  options: []\n```\n')).toHaveLength(1);
    expect(
      await graded(
        '```yaml\nset(attributes["v"], Coalesce(attributes["a"], "x")) where attributes["a"] != nil\n# then filter\nevent.type == \'Warning\'\ncache["parsed"]["level"]\n```\n',
      ),
    ).toEqual(['note: code block labelled "yaml" holds expression-language statements']);
    expect(await graded('```json\n{ "a": 1 "b": 2 }\n```\n')).toEqual([
      'warning: "json" code block does not parse as JSON: comma expected',
    ]);
  });

  it("reads a handler's body under its imports as a fragment, and still reports a broken one", async () => {
    const handler =
      "```javascript\n// Node.js\nimport { z } from 'zod';\nimport {\n  a,\n} from \"b\";\nconst r = z.object({}).safeParse(req.body);\nif (!r.success) return res.status(400).json(r.error);\n```\n";
    expect(await positions(handler)).toEqual([]);
    expect(await positions("```js\nimport x from 'x';\nif (x) return = 1;\n```\n")).toEqual(["3:15"]);
  });

  it("reads a block of snippets side by side one snippet at a time, and still reports a broken one", async () => {
    const sideBySide =
      "```tsx\n// Incorrect\n{ borderRadius: 12 }\n\n// Correct\n{ borderRadius: 12, borderCurve: 'continuous' }\n```\n";
    expect(await positions(sideBySide)).toEqual([]);
    expect(
      await positions("```tsx\nconst style = { flex: 1 }\n\nrenderItem={({ item }) => <Row item={item} />}\n```\n"),
    ).toEqual([]);
    expect(await positions("```ts\nconst a = 1\n\nconst b = = 2\n```\n")).toEqual(["4:11"]);
  });

  it("traces a fence left open at the end to the block that holds a fence of its own", async () => {
    const template = [
      "```markdown",
      "## Report",
      "```bash",
      "pytest -v",
      "```",
      "Output pasted here.",
      "```",
      "",
      "Then run:",
      "```",
      "make check",
      "```",
      "",
      "Done.",
      "",
    ].join("\n");
    const root = writeTree({
      ".claude-plugin/plugin.json": manifest,
      "skills/guide/SKILL.md": `---\nname: guide\ndescription: d\n---\n\n${template}`,
    });
    const found = await findingsFor(root, rules);
    expect(found.map((f) => `${f.location.start.line} ${f.message}`)).toEqual([
      '6 this code block holds a fence of its own ("```bash", line 8) whose closing fence ends this block instead, so every later fence pairs with the wrong one and the fence at line 17 is never closed: the rest of the file renders as code',
    ]);
    expect(found[0]!.related?.map((r) => r.start.line)).toEqual([17]);
    // Four backticks around the template: every fence pairs as meant.
    expect(
      await positions(
        template
          .replace("```markdown", "````markdown")
          .replace("```\nOutput pasted here.\n```", "```\nOutput pasted here.\n````"),
      ),
    ).toEqual([]);
  });

  it("traces a fence left open at the end to a fence glued to the end of a line of text", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": manifest,
      "skills/guide/SKILL.md":
        "---\nname: guide\ndescription: d\n---\n\nInstall it with mise:```sh\nmise use -g bun\n```\n\n## Options\n\nMore text.\n",
    });
    const found = await findingsFor(root, rules);
    expect(found.map((f) => `${f.location.start.line} ${f.message} (${f.hint})`)).toEqual([
      '6 a fence at the end of a line of text ("…Install it with mise:```sh") opens no code block, so the fence meant to close it opens one instead, every later fence pairs with the wrong one and the fence at line 8 is never closed: the rest of the file renders as code (put the fence on a line of its own)',
    ]);
  });

  it("reads an API reference's method signatures (a call with typed parameters) as signatures, and still reports a broken call", async () => {
    expect(
      await positions(
        "```python\nclient.get_task(task_id: str) -> Task\nclient.list(\n    limit: int = 10,\n) -> list[Task]\n```\n",
      ),
    ).toEqual([]);
    expect(await positions('```python\nclient.get_task(task_id "x")\n```\n')).toEqual(["2:25"]);
  });

  it("reports a file's blocks with typographic quotes once, counting them", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": manifest,
      "skills/guide/SKILL.md":
        "---\nname: guide\ndescription: d\n---\n\n```python\nprint(‘a’)\n```\n\n```json\n{“a”: 1}\n```\n\n```python\ndef f(:\n    pass\n```\n",
    });
    const found = await findingsFor(root, rules);
    expect(found.map((f) => `${f.location.start.line} ×${f.count ?? 1} ${f.message.split(",")[0]}`)).toEqual([
      '7 ×2 "python" code block has typographic quotes (“ ” ‘ ’) in code',
      '15 ×1 "python" code block does not parse as Python: invalid syntax',
    ]);
    expect(found[0]!.related?.map((r) => r.start.line)).toEqual([11]);
  });

  it("accepts an example marked good or bad on a line of its own, and still reports one that is broken elsewhere", async () => {
    expect(await positions("```python\nCORRECT ✓\njob = client.create(model=m)\n```\n")).toEqual([]);
    // The mark names the example's verdict; a syntax error on another line is still one.
    expect(await positions("```python\n# ❌ Wrong\nprint(\n```\n")).toEqual(["3:6"]);
    expect(await positions("```python\nprint(✓)\n```\n")).toEqual(["2:7"]);
  });

  it("says when a fence line inside a string of the code closed the block early", async () => {
    const root = writeTree({
      ".claude-plugin/plugin.json": manifest,
      "skills/guide/SKILL.md": [
        "---\nname: guide\ndescription: d\n---\n",
        "```python",
        'report = f"""',
        "## Log",
        "```",
        "{log}",
        "```",
        '"""',
        "print(report)",
        "```",
        "",
      ].join("\n"),
    });
    const found = await findingsFor(root, rules);
    expect(found.map((f) => `${f.location.start.line} ${f.message.split(",")[0]}`)).toEqual([
      '6 this "python" block is closed at line 9 by a fence line inside its code (in a string that shows Markdown)',
    ]);
    expect(found[0]!.hint).toBe("fence the block with more backticks than the fence inside it (````python … ````)");
  });

  it("reads a JSON value shown as its alternatives without blanks (true|false) as a type sketch", async () => {
    expect(await positions('```json\n{\n  "valid": true|false,\n  "count": 0|1\n}\n```\n')).toEqual([]);
  });

  it("reads a JSON-labelled tool call (AskUserQuestion({ … })) as a sketch of a call, not a JSON file", async () => {
    expect(await positions('```jsonc\nAskUserQuestion({\n  questions: [{ header: "Pick" }]\n})\n```\n')).toEqual([]);
    expect(await positions('```json\n{ "a": 1,, }\n```\n')).toEqual(["2:10"]);
  });

  it("reads a script block line that is only a bracketed phrase as a slot for code to write", async () => {
    expect(
      await positions("```typescript\n// File: path/to/usage.ts:20\n[Code showing how this is used]\n```\n"),
    ).toEqual([]);
    expect(await positions("```ts\n[Full implementation with comments]\n```\n")).toEqual([]);
    // A real array literal that is broken is still code.
    expect(await positions("```ts\nconst a = [b c];\n```\n")).toEqual(["2:14"]);
  });

  it("reads a shape shown as a TypeScript type as a sketch, and YAML or env lines under a python label as a labelling note", async () => {
    expect(await positions('```ts\n{\n  type: "entry",\n  agentId: string,\n  title?: string\n}\n```\n')).toEqual([]);
    expect(
      await graded('```python\nkoi_net:\n  first_contact: "http://coordinator:8080"\n  retries: 3\n```\n'),
    ).toEqual(['note: code block labelled "python" holds YAML']);
    expect(await graded("```python\n# Environment\nDB_URI=postgresql://u@h/db\n\nrag = Rag(uri=uri)\n```\n")).toEqual([
      'note: code block labelled "python" holds an env or properties file',
    ]);
    // A Python block whose lines end in colons is still Python when it does not parse for another reason.
    expect(await positions("```python\ntry:\n    run(\nexcept:\n    pass\n```\n")).toHaveLength(1);
  });

  it("reads described value slots and the open start of a JSON value (a prefill) as examples, and still reports broken JSON", async () => {
    expect(
      await positions('```json\n{\n  "final_status": <integer: 1, 2, or 3>,\n  "note": <1 or 2>\n}\n```\n'),
    ).toEqual([]);
    expect(await positions('```json\n{\n  "type": "case_score",\n```\n')).toEqual([]);
    expect(await positions('```json\n{\n  "type": "case_score",\n  "case_id": "\n```\n')).toEqual([]);
    // Broken before its end: still an error.
    expect(await positions('```json\n{\n  "a": 1 "b": 2,\n```\n')).toEqual(["3:10"]);
  });

  it("reads an example conversation or a plain-text report under a yaml label as a labelling note", async () => {
    expect(
      await graded(
        "```yaml\nUser: /convert docs/a.md\n\nClaude:\nDocument: docs/a.md\n-----\nHeadings:  12\n\nConversion Complete\n-------------------\nSource:  docs/a.md\n\nWarnings:\n  - 1 code block has no language tag (will render as plain text)\n```\n",
      ),
    ).toEqual(['note: code block labelled "yaml" holds an example conversation']);
    expect(
      await graded("```yaml\nResearch Brief\n==============\nTopic: [topic]\nScope: [scope, limits]\n```\n"),
    ).toEqual(['note: code block labelled "yaml" holds a plain-text report']);
  });

  it("reads SQL under a javascript label as a labelling note", async () => {
    expect(
      await graded(
        "```javascript\n// Find the orders of a container:\nSELECT T.id FROM Transaction T\nWHERE T.container = 7\n```\n",
      ),
    ).toEqual(['note: code block labelled "javascript" holds SQL']);
  });

  it("reads a status-marked report or a part headed by another language's comment as a labelling note", async () => {
    expect(
      await graded(
        "```python\n## Naming\n🔴 save_btn — no object name\n   Fix: self.save_btn.setObjectName('save')\n```\n",
      ),
    ).toEqual(['note: code block labelled "python" holds a plain-text report']);
    expect(
      await graded(
        "```javascript\nfetch('/nonce').then((r) => r.json());\n\n// PHP handler\nadd_action('refresh', function() {\n  wp_send_json( [ 'nonce' => 1 ] );\n} );\n```\n",
      ),
    ).toEqual(['note: code block labelled "javascript" holds PHP']);
    expect(
      await graded(
        "```javascript\n// .github/workflows/fuzz.yml\nname: Fuzz\non: [push]\njobs:\n  fuzz:\n    runs-on: ubuntu-latest\n```\n",
      ),
    ).toEqual(['note: code block labelled "javascript" holds YAML']);
    expect(await graded("```typescript\nUser request → researcher (gather info)\n  → writer (draft)\n```\n")).toEqual([
      'note: code block labelled "typescript" holds a diagram',
    ]);
    // Verdict marks before lines of code make an annotated example: nothing to report.
    expect(
      await graded(
        "```typescript\n// Named objects\n✅ const room = env.CHAT.getByName('room-1');\n❌ const id = 1;\n```\n",
      ),
    ).toEqual([]);
    // A comment that names the block's own language changes nothing: the broken line is reported.
    expect(await graded("```javascript\n// JavaScript client\nconst a = [ 'x' => 1 ];\n```\n")).toEqual([
      'warning: "javascript" code block does not parse as JavaScript: Expected "]" but found "=>"',
    ]);
  });

  it("accepts signature listings, argument slots and frontmatter alternatives, and still reports broken code", async () => {
    expect(
      await positions(
        "```typescript\n// Check if result is Ok\nResult.isOk(result): result is Ok<T>\nResult.map<U>(fn: (v: T) => U): Result<U, E>\n```\n",
      ),
    ).toEqual([]);
    expect(await positions("```typescript\nResult.isOk(result): result is Ok<T>\nconst x = ;\n```\n")).toEqual([
      "2:20",
    ]);
    expect(await positions("```python\nAgent(subagent_type='meta:auditor', prompt=$ARGUMENTS)\n```\n")).toEqual([]);
    expect(
      await positions(
        "```yaml\n# Pattern 1\ndescription: Runs tests. Use when: (1) adding features, (2) fixing bugs.\n\n# Pattern 2\ndescription: |\n  Writes specs.\n  Use first.\n```\n",
      ),
    ).toEqual([]);
    expect(await positions("```yaml\nsteps:\n  - one\n  name: two\n```\n")).toHaveLength(1);
  });

  it("reports the fences one slip leaves open once, at the slip", async () => {
    const outer = "```markdown\n# Template\n```python\nprint(1)\n```\n";
    const body = `${outer}\nText\n\n\`\`\`\n\nMore\n\n  \`\`\`bash\n  ls\n\n\`\`\`bash\nls\n`;
    const root = writeTree({
      ".claude-plugin/plugin.json": manifest,
      "skills/guide/SKILL.md": `---\nname: guide\ndescription: d\n---\n\n${body}`,
    });
    const found = await findingsFor(root, rules);
    expect(found.filter((f) => f.severity !== "note").map((f) => f.location.start.line)).toEqual([6]);
  });

  it("traces an open fence to a fence under a tag line (Markdown reads it as HTML), as a note", async () => {
    const severities = async (body: string) => {
      const root = writeTree({
        ".claude-plugin/plugin.json": manifest,
        "commands/rebase.md": `---\ndescription: d\n---\n\n${body}`,
      });
      return (await findingsFor(root, rules)).map((f) => `${f.location.start.line} ${f.severity}: ${f.message}`);
    };
    expect(await severities("<usage>\n```bash\n/rebase 5\n\n/rebase main\n```\n</usage>\n")).toEqual([
      '6 note: this fence follows the tag line "<usage>" (line 5) with no blank line between, so Markdown reads it as part of an HTML block and it opens no code block; the fence meant to close it opens one instead, and from line 10 the rest of the file renders as code (Claude reads the raw text and is not affected)',
    ]);
    // Both fences inside the HTML block pair up there: a later open fence has a cause of its own.
    expect(await severities("<div>\n```bash\nls\n```\n</div>\n\n```bash\nls\n")).toEqual([
      "11 warning: code fence is never closed: the rest of the file renders as code",
    ]);
  });

  it("reads constructors, methods under imports, method chains, snake-case slots and alternatives as fragments", async () => {
    expect(await positions("```typescript\nconstructor(ctx, env) {\n  super(ctx, env);\n}\n```\n")).toEqual([]);
    expect(
      await positions(
        "```typescript\nimport { verify } from 'jwt';\n\nasync authenticate(request: Request): Promise<string> {\n  const header = request.headers.get('Authorization');\n\n  return verify(header);\n}\n```\n",
      ),
    ).toEqual([]);
    expect(await positions("```ts\n// Single field\n.order('date', 'DESC')\n.order('title', 'ASC')\n```\n")).toEqual(
      [],
    );
    expect(await positions("```typescript\ntype Bindings = {\n  <QUEUE_BINDING>: Queue;\n};\n```\n")).toEqual([]);
    expect(await positions('```json\n{\n  "concurrency": "4"\n  // or\n  "concurrency": "50%"\n}\n```\n')).toEqual([]);
    // A method that awaits without async is still a mistake.
    expect(await positions("```typescript\nsend(ws) {\n  await ws.flush();\n}\n```\n")).toHaveLength(1);
  });

  it("names a dedented line that ends a list item's block, and a block left open before the next example", async () => {
    const found = async (body: string) => {
      const root = writeTree({
        ".claude-plugin/plugin.json": manifest,
        "skills/guide/SKILL.md": `---\nname: guide\ndescription: d\n---\n\n${body}`,
      });
      return (await findingsFor(root, rules)).map((f) => `${f.location.start.line} ${f.severity}: ${f.message}`);
    };
    expect(await found('- **Diff**:\n  ```json\n  {\n+   "rootDir": "./src"\n  }\n  ```\n\nText.\n')).toEqual([
      '7 note: this code block ends at line 9, whose "+   "rootDir": "./src"" is indented less than the fence: it ends the list item or quote holding the block, and the block with it, so the fence meant to close the block opens one instead and later fences pair with the wrong ones (Claude reads the raw text and is not affected)',
    ]);
    expect(await found("```python\nx = 1\n\n## Next\n\n```python\ny = 2\n```\n")).toEqual([
      '6 warning: this "python" block is not closed before the fence "```python" at line 11, which cannot close it (a fence with a language only opens one), so the text between is read as its code and the block runs on to line 13',
    ]);
  });

  it("reads pinned package lists as a requirements file, and commented signatures and comment slots as examples", async () => {
    expect(
      await graded(
        "```python\n# Images\nopencv-python==4.11.0.86   # computer vision\nPillow (via PIL)           # images\nnumpy>=2.0\nscipy~=1.14\n```\n",
      ),
    ).toEqual(['note: code block labelled "python" holds a pip requirements file']);
    expect(
      await graded(
        "```python\nget_env(key, default=None, *, required=False) -> str | None\nload_env(path) -> dict[str, str]   # one file\n```\n",
      ),
    ).toEqual([]);
    expect(await graded('```python\n{"type": "bar", "spec": {/* vega-lite spec */}}\n```\n')).toEqual([]);
  });

  it("reads list entries, value slots in scripts, elided JSON and captioned JavaScript as examples", async () => {
    expect(
      await positions(
        "```ts\n// one entry per viewport\n{ name: 'visual-<viewport>', testDir: './tests/visual',\n  use: { viewport: { width: <w>, height: <h> } } },\n```\n",
      ),
    ).toEqual([]);
    expect(await positions("```ts\n{ name: 'a', retries: 1 },\n{ name: 'b', retries: 2 },\n```\n")).toEqual([]);
    expect(
      await positions('```json\n"details": {\n  "source": "guides",\n  "matched": [...],\n  "count": 12\n}\n```\n'),
    ).toEqual([]);
    expect(
      await graded(
        "```json\n// jest.config.js\nmodule.exports = {\n  collectCoverageFrom: ['src/**/*.ts'],\n};\n```\n",
      ),
    ).toEqual(['note: code block labelled "json" holds JavaScript']);
  });
});
