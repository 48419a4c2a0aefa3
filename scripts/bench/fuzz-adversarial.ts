import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import fc from "fast-check";
import { validate, ValidateError } from "../api.ts";
import { reporters } from "../reporters/index.ts";
import { BASE_TREE } from "./fuzz-core.ts";
import { treeBytes } from "./hostile-cases.ts";

/**
 * The adversarial generator: where the random campaign flips bytes, this one does what an
 * attacker does. It repeats the tokens that make patterns backtrack (brackets, stars, blanks,
 * quotes, markers) up to just under 1 MiB, places FIFOs and links (outside, to a parent, to a
 * device, dangling) where files are expected, and writes control characters into values and file
 * names. Each case is a real folder on disk, validated through the library API.
 */

/** Where repeated text goes: a file and how the repetition is embedded in it. */
const SLOTS: readonly { file: string; wrap: (text: string) => string }[] = [
  { file: "agents/reviewer.md", wrap: (t) => agent(`description: "${t}"\n`) },
  { file: "agents/reviewer.md", wrap: (t) => agent(`tools: ${JSON.stringify(t)}\n`) },
  { file: "agents/reviewer.md", wrap: (t) => agent(`disallowedTools: ${JSON.stringify(t)}\n`) },
  { file: "agents/reviewer.md", wrap: (t) => agent("", t) },
  { file: "agents/reviewer.md", wrap: (t) => agent("", `\`\`\`python\n${t}\n\`\`\`\n`) },
  { file: "skills/guide/SKILL.md", wrap: (t) => `---\nname: guide\ndescription: Guide.\n---\n\n${t}\n` },
  {
    file: "skills/guide/SKILL.md",
    wrap: (t) => `---\nname: guide\ndescription: Guide.\n---\n\n\`\`\`yaml\n${t}\n\`\`\`\n`,
  },
  {
    file: "skills/guide/SKILL.md",
    wrap: (t) => `---\nname: guide\ndescription: Guide.\n---\n\n\`\`\`json\n${t}\n\`\`\`\n`,
  },
  { file: "commands/run.md", wrap: (t) => `---\ndescription: Run\nallowed-tools: ${JSON.stringify(t)}\n---\n\nRun.\n` },
  { file: "commands/run.md", wrap: (t) => `---\ndescription: Run\nargument-hint: ${JSON.stringify(t)}\n---\n\n${t}\n` },
  { file: "hooks/hooks.json", wrap: (t) => hooks(t) },
  { file: ".mcp.json", wrap: (t) => JSON.stringify({ mcpServers: { docs: { type: "http", url: t } } }) },
  { file: "evals/review/case.yaml", wrap: (t) => evalCase(t) },
  { file: "README.md", wrap: (t) => `# fuzz\n\n${t}\n` },
  { file: "scripts/tool.py", wrap: (t) => t },
  {
    file: "skills/guide/assets/openapi.yaml",
    wrap: (t) => `openapi: 3.0.3\ninfo:\n  title: ${t}\n  version: "1"\npaths: {}\n`,
  },
  { file: ".claude-plugin/marketplace.json", wrap: (t) => marketplace(t) },
  { file: ".mars-validate.json", wrap: (t) => JSON.stringify({ files: "all", ignore: [t] }) },
];

/** Tokens whose repetition has made a check backtrack, stall or recurse somewhere. */
const UNITS = [
  "[",
  "](",
  "[](",
  "*",
  "*a",
  "a]",
  ",a:[",
  "sessionmaker(",
  "{{",
  "{",
  "<",
  "<a",
  "-",
  " ",
  "\t",
  "\n",
  "\r\n",
  "(?",
  "`",
  "!`",
  "```!",
  "${CLAUDE_PLUGIN_ROOT}/",
  "/",
  "../",
  ":",
  "a:",
  'subagent_type: "',
  "@agent-",
  "/x:",
  "\\",
  '"',
  "#",
  "run ",
  "from pydantic import ",
  "\u001b[",
  "\u202e",
  "\u0000",
  "  - ",
  "---\n",
  "<!-- generated:begin inventory",
  "curl ",
  "|",
  ".",
  "x",
];
/** What follows the run: nothing, or a character that makes a pattern fail at the very end. */
const TAILS = ["", "!", "Q", "\n", "]", ")", "x"];
const LINK_TARGETS = ["outside-file", "outside-dir", "parent", "self", "dangling", "inside", "device"] as const;
const LINK_PLACES = ["agents/linked.md", "skills/linked", "commands", "agents/reviewer.md", ".mars-validate.json"];
const FIFO_PLACES = ["agents/pipe.md", "skills/guide/SKILL.md", ".mars-validate.json", "hooks/hooks.json"];
const CONTROL = ["\u001b[2J", "\u001b]52;c;ZXZpbA==\u0007", "\r", "\u0085", "\u2028", "\u202e", "\u0008", "\u009b31m"];

export type Attack =
  | { kind: "repeat"; slot: number; unit: number; count: number; tail: number }
  | { kind: "link"; place: number; target: (typeof LINK_TARGETS)[number] }
  | { kind: "fifo"; place: number }
  | { kind: "control"; chars: number; inName: boolean };

function agent(frontmatter: string, body = "Body.\n"): string {
  return `---\nname: reviewer\ndescription: Reviews diffs.\nmodel: inherit\n${frontmatter}---\n\n${body}`;
}

function hooks(command: string): string {
  return JSON.stringify({ hooks: { PostToolUse: [{ matcher: "Write", hooks: [{ type: "command", command }] }] } });
}

function evalCase(pattern: string): string {
  return `schema_version: "1.1"\nname: review\nexecution:\n  prompt: Review\ngraders:\n  - type: regex\n    name: r\n    pattern: ${JSON.stringify(pattern)}\n`;
}

function marketplace(name: string): string {
  return JSON.stringify({ name: "fuzz-market", owner: { name: "o" }, plugins: [{ name, source: "./" }] });
}

/** Bytes of repetition per case (all runs together), so that every case stays under 1 MiB. */
const MAX_RUN_BYTES = 1000 * 1024;

function attackArbitrary(maxRunBytes = MAX_RUN_BYTES): fc.Arbitrary<Attack[]> {
  const attack: fc.Arbitrary<Attack> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant("repeat" as const),
        slot: fc.nat({ max: SLOTS.length - 1 }),
        unit: fc.nat({ max: UNITS.length - 1 }),
        // Mostly large runs: small ones are the random campaign's ground.
        count: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1000, max: maxRunBytes })),
        tail: fc.nat({ max: TAILS.length - 1 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("link" as const),
        place: fc.nat({ max: LINK_PLACES.length - 1 }),
        target: fc.constantFrom(...LINK_TARGETS),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant("fifo" as const), place: fc.nat({ max: FIFO_PLACES.length - 1 }) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant("control" as const),
        chars: fc.nat({ max: CONTROL.length - 1 }),
        inName: fc.boolean(),
      }),
    },
  );
  return fc.array(attack, { minLength: 1, maxLength: 3 });
}

/** A readable one-line description of a case, for the report. */
function describeAttacks(attacks: readonly Attack[]): string {
  return attacks
    .map((a) => {
      if (a.kind === "repeat") {
        const unit = JSON.stringify(UNITS[a.unit]);
        return `${SLOTS[a.slot]!.file}: ${unit} x ${a.count}${TAILS[a.tail] ? ` + ${JSON.stringify(TAILS[a.tail])}` : ""}`;
      }
      if (a.kind === "link") return `${LINK_PLACES[a.place]} -> ${a.target}`;
      if (a.kind === "fifo") return `${FIFO_PLACES[a.place]} is a FIFO`;
      return `control ${JSON.stringify(CONTROL[a.chars])} in ${a.inName ? "a file name" : "a value"}`;
    })
    .join("; ");
}

/** What a case wrote: the plugin folder, an outside folder with a secret, and its size. */
interface Written {
  root: string;
  outside: string;
  secret: string;
  bytes: number;
}

function place(root: string, file: string): string {
  const target = path.join(root, file);
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  return target;
}

/** Writes the base plugin and applies the attacks, in a fresh folder under `work`. */
function writeCase(work: string, attacks: readonly Attack[], index: number): Written {
  const root = fs.mkdtempSync(path.join(work, `case-${index}-`));
  const outside = fs.mkdtempSync(path.join(work, `outside-${index}-`));
  const secret = `MARS-FUZZ-SECRET-${index}-${Math.random().toString(36).slice(2)}`;
  fs.writeFileSync(path.join(outside, "secret.md"), `---\nname: ${secret}\ndescription: ${secret}\n---\n\n${secret}\n`);
  // An outside config that would turn every check off if it were read.
  fs.writeFileSync(path.join(outside, "config.json"), JSON.stringify({ ignore: ["**"], note: secret }));
  for (const [file, text] of Object.entries(BASE_TREE)) fs.writeFileSync(place(root, file), text);
  let left = MAX_RUN_BYTES;
  for (const attack of attacks) {
    try {
      apply(attack);
    } catch {
      // An earlier attack can make a later one impossible (a file below a folder now a dangling
      // link): the case goes on without it, as the generator's failure is not the validator's.
    }
  }
  return { root, outside, secret, bytes: treeBytes(root) };

  function apply(attack: Attack): void {
    switch (attack.kind) {
      case "repeat": {
        const slot = SLOTS[attack.slot]!;
        const unit = UNITS[attack.unit]!;
        const bytes = Math.min(attack.count, left);
        left -= bytes;
        const count = Math.max(1, Math.floor(bytes / unit.length));
        fs.writeFileSync(place(root, slot.file), slot.wrap(unit.repeat(count) + TAILS[attack.tail]!));
        break;
      }
      case "link": {
        const file = LINK_PLACES[attack.place]!;
        const target = {
          "outside-file": path.join(outside, file.endsWith(".json") ? "config.json" : "secret.md"),
          "outside-dir": outside,
          parent: "..",
          self: ".",
          dangling: "./missing-target",
          inside: path.relative(path.dirname(path.join(root, file)), path.join(root, "agents/writer.md")),
          device: "/dev/zero",
        }[attack.target];
        fs.symlinkSync(target, place(root, file));
        break;
      }
      case "fifo":
        mkfifo(place(root, FIFO_PLACES[attack.place]!));
        break;
      case "control": {
        const chars = CONTROL[attack.chars]!;
        if (attack.inName) fs.writeFileSync(place(root, `agents/evil${chars}name.md`), agent(""));
        else fs.writeFileSync(place(root, "agents/reviewer.md"), agent(`color: "x${chars}y"\nmodel: "m${chars}"\n`));
        break;
      }
    }
  }
}

function mkfifo(file: string): void {
  try {
    execFileSync("mkfifo", [file], { stdio: "ignore" });
  } catch {
    // No mkfifo (Windows): a plain file stands in, the case still runs.
    fs.writeFileSync(file, "not a FIFO here\n");
  }
}

interface CaseResult {
  ok: boolean;
  problem?: string;
  seconds: number;
  findings: number;
}

/** Control characters a terminal or log viewer acts on (tab and line feed are layout). */
// eslint-disable-next-line no-control-regex -- the control characters are what is looked for
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const ONE_MIB = 1024 * 1024;

/**
 * Validates a written case and checks what every input must keep: no internal error, every
 * finding on a file of the tree, no raw control character in any report, nothing of the outside
 * files printed or changed, and (with a budget) an input under 1 MiB answered within it.
 */
async function checkCase(written: Written, budgetSeconds?: number): Promise<CaseResult> {
  const { root, outside, secret } = written;
  const outsideBefore = fs.readFileSync(path.join(outside, "secret.md"), "utf8");
  const started = performance.now();
  let findings = 0;
  const fail = (problem: string): CaseResult => ({ ok: false, problem, seconds: elapsed(), findings });
  const elapsed = () => (performance.now() - started) / 1000;
  try {
    const result = await validate(root, { cwd: root, notes: true, env: { ...process.env, MARS_PYTHON: "" } });
    const seconds = elapsed();
    findings = result.findings.length;
    if (budgetSeconds !== undefined && written.bytes < ONE_MIB && seconds > budgetSeconds)
      return fail(`slow: ${seconds.toFixed(2)} s for ${written.bytes} bytes (budget ${budgetSeconds} s)`);
    for (const finding of result.findings) {
      const { file, start } = finding.location;
      if (!file) return fail(`${finding.ruleId}: finding without a file`);
      if (!fs.lstatSync(path.join(root, file), { throwIfNoEntry: false }))
        return fail(`${finding.ruleId}: finding on a file that is not in the tree`);
      if (start.line < 1 || start.column < 1) return fail(`${finding.ruleId}: position ${start.line}:${start.column}`);
    }
    const context = { rules: result.rules, summary: result.summary, color: false, showNotes: true };
    for (const [name, reporter] of Object.entries(reporters)) {
      const output = reporter(result.findings, context);
      if (output.includes(secret)) return fail(`${name} report prints the content of a file outside the tree`);
      if (RAW_CONTROL.test(output)) return fail(`${name} report holds a raw control character`);
      if (name === "json" && (JSON.parse(output) as { findings: unknown[] }).findings.length !== findings)
        return fail("JSON report lost findings");
    }
  } catch (error) {
    if (!(error instanceof ValidateError) || error.reason === "internal")
      return fail(`exception: ${(error as Error).stack?.split("\n").slice(0, 3).join(" | ")}`);
    // A refusal (a config that cannot be read, a root that is not a folder) is an answer.
    if (error.message.includes(secret)) return fail("the refusal prints the content of a file outside the tree");
    if (RAW_CONTROL.test(error.message)) return fail("the refusal holds a raw control character");
  }
  if (fs.readFileSync(path.join(outside, "secret.md"), "utf8") !== outsideBefore)
    return fail("a file outside the tree was changed");
  return { ok: true, seconds: elapsed(), findings };
}

export interface AdversarialOptions {
  /** A failure when an input under 1 MiB takes longer (the benchmark sets 2 s; tests set none). */
  budgetSeconds?: number;
  /** A case that answers nothing for this long is a hang: its worker is killed and the next case runs. */
  stallSeconds?: number;
  maxRunBytes?: number;
}

export interface AdversarialReport {
  ran: number;
  failed: number;
  seconds: number;
  problems: { problem: string; count: number; example: string }[];
  slowest?: { example: string; seconds: number; bytes: number };
}

interface WorkerLine {
  i: number;
  start?: boolean;
  ok?: boolean;
  problem?: string;
  seconds?: number;
  bytes?: number;
}

export function adversarialCases(runs: number, seed: number, maxRunBytes = MAX_RUN_BYTES): Attack[][] {
  return fc.sample(attackArbitrary(maxRunBytes), { numRuns: runs, seed });
}

/**
 * Runs the campaign in a child process that reports each case as it starts and ends, so that a
 * case that blocks (a FIFO opened, a pattern that never ends) is seen as a hang and killed, and
 * the campaign goes on with the next case instead of stalling with it.
 */
export async function runAdversarial(
  runs: number,
  seed: number,
  options: AdversarialOptions = {},
): Promise<AdversarialReport> {
  const started = performance.now();
  const cases = adversarialCases(runs, seed, options.maxRunBytes);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "mars-fuzz-adversarial-"));
  const problems = new Map<string, { count: number; example: string }>();
  let ran = 0;
  let failed = 0;
  let slowest: AdversarialReport["slowest"];
  const record = (i: number, problem: string) => {
    failed++;
    const key = problem.slice(0, 160);
    const entry = problems.get(key) ?? { count: 0, example: describeAttacks(cases[i]!) };
    entry.count++;
    problems.set(key, entry);
  };
  try {
    let from = 0;
    while (from < cases.length) {
      const stopped = await runWorker(work, runs, seed, from, options, (line) => {
        if (line.start) return;
        ran++;
        if (!line.ok) record(line.i, line.problem ?? "failed");
        if (line.seconds !== undefined && (!slowest || line.seconds > slowest.seconds))
          slowest = { example: describeAttacks(cases[line.i]!), seconds: line.seconds, bytes: line.bytes ?? 0 };
      });
      if (stopped.at === undefined) break;
      ran++;
      record(stopped.at, stopped.reason);
      from = stopped.at + 1;
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return {
    ran,
    failed,
    seconds: (performance.now() - started) / 1000,
    problems: [...problems].map(([problem, v]) => ({ problem, ...v })),
    slowest,
  };
}

/** One worker from case `from` on; resolves with the case it stopped in, if it did not finish. */
function runWorker(
  work: string,
  runs: number,
  seed: number,
  from: number,
  options: AdversarialOptions,
  onLine: (line: WorkerLine) => void,
): Promise<{ at?: number; reason: string }> {
  const stallMs = (options.stallSeconds ?? 60) * 1000;
  const args = ["--import", "tsx", fileURLToPath(import.meta.url), "--worker", "--work", work];
  args.push("--runs", String(runs), "--seed", String(seed), "--from", String(from));
  if (options.budgetSeconds !== undefined) args.push("--budget", String(options.budgetSeconds));
  if (options.maxRunBytes !== undefined) args.push("--max-run-bytes", String(options.maxRunBytes));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let current: number | undefined;
    let buffer = "";
    let stderr = "";
    let hung = false;
    let timer = setTimeout(stall, stallMs);
    function stall() {
      hung = true;
      child.kill("SIGKILL");
    }
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf("\n")) !== -1) {
        const line = JSON.parse(buffer.slice(0, newline)) as WorkerLine;
        buffer = buffer.slice(newline + 1);
        clearTimeout(timer);
        timer = setTimeout(stall, stallMs);
        current = line.start ? line.i : undefined;
        onLine(line);
      }
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (current === undefined && code === 0) resolve({ reason: "" });
      else if (hung) resolve({ at: current ?? from, reason: `hang: no answer in ${stallMs / 1000} s` });
      else
        resolve({
          at: current ?? from,
          reason: `the process died (${signal ?? `exit ${code}`}): ${stderr.trim().split("\n").slice(-3).join(" | ")}`,
        });
    });
  });
}

async function worker(values: Record<string, string | boolean | undefined>): Promise<void> {
  const runs = Number(values.runs);
  const maxRunBytes = values["max-run-bytes"] === undefined ? MAX_RUN_BYTES : Number(values["max-run-bytes"]);
  const cases = adversarialCases(runs, Number(values.seed), maxRunBytes);
  const budget = values.budget === undefined ? undefined : Number(values.budget);
  for (let i = Number(values.from); i < cases.length; i++) {
    process.stdout.write(`${JSON.stringify({ i, start: true })}\n`);
    const written = writeCase(String(values.work), cases[i]!, i);
    const result = await checkCase(written, budget);
    fs.rmSync(written.root, { recursive: true, force: true });
    fs.rmSync(written.outside, { recursive: true, force: true });
    const line: WorkerLine = {
      i,
      ok: result.ok,
      problem: result.problem,
      seconds: result.seconds,
      bytes: written.bytes,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { values } = parseArgs({
    options: {
      worker: { type: "boolean", default: false },
      work: { type: "string" },
      runs: { type: "string", default: "300" },
      seed: { type: "string", default: "20261127" },
      from: { type: "string", default: "0" },
      budget: { type: "string" },
      "max-run-bytes": { type: "string" },
    },
  });
  if (values.worker) await worker(values);
}
