/**
 * Routing agreement: how readers who saw only the plugin's files route a set of requests,
 * against the expected answers kept in evals/routing/expected.json, and against each other.
 */

export interface Routing {
  /** The first Mars specialist that runs, or "none". */
  first: string;
  agents: string[];
  handoffs: string[];
}

export interface ExpectedCase extends Routing {
  id: string;
  request: string;
  tags: string[];
}

export interface ReaderAnswers {
  reader: string;
  answers: (Routing & { id: string })[];
}

export interface ReaderScore {
  reader: string;
  answered: number;
  missing: string[];
  firstSpecialist: number;
  agentJaccard: number;
  handoffJaccard: number;
}

export interface Disagreement {
  id: string;
  on: ("first" | "agents" | "handoffs")[];
  expected: Routing;
  byReader: Record<string, Routing | undefined>;
}

export const TARGETS = { firstSpecialist: 0.95, agentJaccard: 0.85, handoffJaccard: 0.7 } as const;

/** "mars:fastapi-pro", "FastAPI-Pro " and "fastapi-pro" are one name; "", null and "none" mean no agent. */
function normalizeName(name: unknown): string {
  if (typeof name !== "string") return "none";
  const bare = name.trim().toLowerCase().replace(/^mars:/, "").replace(/^`|`$/g, "");
  return bare === "" || bare === "null" ? "none" : bare;
}

export function normalizeRouting(value: Partial<Routing> | undefined): Routing {
  const names = (list: unknown) =>
    [...new Set((Array.isArray(list) ? list : []).map(normalizeName).filter((n) => n !== "none"))].sort();
  return { first: normalizeName(value?.first), agents: names(value?.agents), handoffs: names(value?.handoffs) };
}

/** Jaccard similarity of two sets; two empty sets agree fully. */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  const left = new Set(a);
  const right = new Set(b);
  const union = new Set([...left, ...right]);
  if (union.size === 0) return 1;
  let both = 0;
  for (const item of left) if (right.has(item)) both++;
  return both / union.size;
}

/** The neutral id a request has in the reader packet ("q07"), so case names give nothing away. */
export function packetId(index: number): string {
  return `q${String(index + 1).padStart(2, "0")}`;
}

/** A reader's answers keyed by case id; answers may use the packet id or the case id. */
function answersById(expected: readonly ExpectedCase[], reader: ReaderAnswers): Map<string, Routing> {
  const byPacket = new Map(expected.map((c, i) => [packetId(i), c.id]));
  return new Map(reader.answers.map((a) => [byPacket.get(a.id) ?? a.id, normalizeRouting(a)]));
}

const mean = (values: readonly number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : 0);

export function scoreReader(expected: readonly ExpectedCase[], reader: ReaderAnswers): ReaderScore {
  const byId = answersById(expected, reader);
  const first: number[] = [];
  const agents: number[] = [];
  const handoffs: number[] = [];
  const missing: string[] = [];
  for (const c of expected) {
    const answer = byId.get(c.id);
    if (!answer) missing.push(c.id);
    // A missing answer counts as wrong: agreement is over the whole suite, not the answered part.
    const got = answer ?? { first: "?", agents: ["?"], handoffs: ["?"] };
    const want = normalizeRouting(c);
    first.push(got.first === want.first ? 1 : 0);
    agents.push(jaccard(got.agents, want.agents));
    handoffs.push(jaccard(got.handoffs, want.handoffs));
  }
  return {
    reader: reader.reader,
    answered: expected.length - missing.length,
    missing,
    firstSpecialist: mean(first),
    agentJaccard: mean(agents),
    handoffJaccard: mean(handoffs),
  };
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Cases where the readers did not all give the same answer: those point at ambiguous text. */
export function disagreements(expected: readonly ExpectedCase[], readers: readonly ReaderAnswers[]): Disagreement[] {
  const result: Disagreement[] = [];
  for (const c of expected) {
    const answers = readers.map((r) => [r.reader, answersById(expected, r).get(c.id)] as const);
    const given = answers.flatMap(([, a]) => (a ? [a] : []));
    if (given.length < 2) continue;
    const on: Disagreement["on"] = [];
    if (new Set(given.map((a) => a.first)).size > 1) on.push("first");
    if (given.some((a) => !same(a.agents, given[0]!.agents))) on.push("agents");
    if (given.some((a) => !same(a.handoffs, given[0]!.handoffs))) on.push("handoffs");
    if (on.length) result.push({ id: c.id, on, expected: normalizeRouting(c), byReader: Object.fromEntries(answers) });
  }
  return result;
}

export function meets(score: Pick<ReaderScore, "firstSpecialist" | "agentJaccard" | "handoffJaccard">): boolean {
  return (
    score.firstSpecialist >= TARGETS.firstSpecialist &&
    score.agentJaccard >= TARGETS.agentJaccard &&
    score.handoffJaccard >= TARGETS.handoffJaccard
  );
}

/** The reader packet: the instruction and the requests, never the expected answers. */
export function readerPacket(cases: readonly ExpectedCase[]): string {
  const lines = [
    "# Mars routing: reader packet",
    "",
    "You are a reader in a routing measurement. Read only these files of the plugin, as a user's",
    "Claude Code session would: `agents/mars-orchestrator.md` (the decision table, sizes and flags,",
    "planet table), the descriptions at the top of every file in `agents/`, and, when a request",
    "names a command, that file in `commands/`. Do not read `evals/` or `scripts/`.",
    "",
    "For each request below, decide as the orchestrator would, following its text literally:",
    "",
    "- `first`: the first Mars specialist that runs (the agent name without `mars:`), or `none`",
    "  when no Mars specialist runs; when the request asks for a plan only, answer for the plan:",
    "  the specialists it would run; when the orchestrator would give the user a command line",
    "  instead of running a row itself, answer for the steps that command runs;",
    "- `agents`: every Mars specialist that runs, once each (not the orchestrator itself);",
    "- `handoffs`: every planet that gets a handoff note (`saturn`, `venus`, `earth`, `jupiter`,",
    "  `uranus`, `neptune`, `mercury`), including a planet that owns the whole request.",
    "",
    "Assume nothing the request does not say: a flag holds only when the request states it or it",
    "follows directly from what the request asks. Answer with one JSON document and nothing else:",
    "",
    "```json",
    '{"reader": "<your name>", "answers": [{"id": "q01", "first": "fastapi-pro", "agents": ["fastapi-pro"], "handoffs": []}]}',
    "```",
    "",
    "## Requests",
    "",
  ];
  cases.forEach((c, i) => lines.push(`- \`${packetId(i)}\`: ${c.request}`));
  return `${lines.join("\n")}\n`;
}

export function percent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}
