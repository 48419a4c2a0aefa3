/**
 * Scores routing answers from readers against evals/routing/expected.json.
 *
 *   tsx scripts/evals/score.ts answers/r1.json answers/r2.json ...   agreement per reader, mean, disagreements
 *   tsx scripts/evals/score.ts --packet                                 (re)write evals/routing/reader-packet.md
 *   tsx scripts/evals/score.ts --check                                  exit 1 when the packet is stale
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  disagreements,
  meets,
  percent,
  readerPacket,
  scoreReader,
  TARGETS,
  type ExpectedCase,
  type ReaderAnswers,
} from "./scoring.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const EXPECTED = path.join(ROOT, "evals/routing/expected.json");
const PACKET = path.join(ROOT, "evals/routing/reader-packet.md");

function loadExpected(): ExpectedCase[] {
  return (JSON.parse(fs.readFileSync(EXPECTED, "utf8")) as { cases: ExpectedCase[] }).cases;
}

/** A reader's answer file: the JSON document, possibly inside a fenced block of a longer reply. */
function loadAnswers(file: string): ReaderAnswers {
  const text = fs.readFileSync(file, "utf8");
  const fenced = /```(?:json)?\n([\s\S]*?)\n```/.exec(text);
  const parsed = JSON.parse(fenced ? fenced[1]! : text) as Partial<ReaderAnswers>;
  if (!Array.isArray(parsed.answers)) throw new Error(`${file}: no "answers" array`);
  return { reader: parsed.reader ?? path.basename(file, ".json"), answers: parsed.answers };
}

function main(args: string[]): number {
  const cases = loadExpected();
  if (args.includes("--packet")) {
    fs.writeFileSync(PACKET, readerPacket(cases));
    console.log(`wrote ${path.relative(ROOT, PACKET)} (${cases.length} requests)`);
    return 0;
  }
  if (args.includes("--check")) {
    const current = fs.existsSync(PACKET) ? fs.readFileSync(PACKET, "utf8") : "";
    if (current === readerPacket(cases)) return 0;
    console.error(`${path.relative(ROOT, PACKET)} is stale: run tsx scripts/evals/score.ts --packet`);
    return 1;
  }
  if (args.length === 0) {
    console.error("usage: tsx scripts/evals/score.ts <answers.json>... | --packet | --check");
    return 2;
  }
  let readers: ReaderAnswers[];
  try {
    readers = args.map(loadAnswers);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const scores = readers.map((r) => scoreReader(cases, r));
  console.log(`${cases.length} requests; targets: first specialist ≥ ${percent(TARGETS.firstSpecialist)}, agent set ≥ ${TARGETS.agentJaccard}, handoffs ≥ ${TARGETS.handoffJaccard}\n`);
  console.log("reader        first     agents  handoffs  answered");
  for (const s of scores)
    console.log(
      `${s.reader.padEnd(12)}  ${percent(s.firstSpecialist).padStart(7)}  ${s.agentJaccard.toFixed(3).padStart(6)}  ${s.handoffJaccard.toFixed(3).padStart(8)}  ${s.answered}/${cases.length}${meets(s) ? "" : "  below target"}`,
    );
  const mean = (key: "firstSpecialist" | "agentJaccard" | "handoffJaccard") =>
    scores.reduce((sum, s) => sum + s[key], 0) / scores.length;
  const all = { firstSpecialist: mean("firstSpecialist"), agentJaccard: mean("agentJaccard"), handoffJaccard: mean("handoffJaccard") };
  console.log(
    `${"mean".padEnd(12)}  ${percent(all.firstSpecialist).padStart(7)}  ${all.agentJaccard.toFixed(3).padStart(6)}  ${all.handoffJaccard.toFixed(3).padStart(8)}  ${meets(all) ? "meets targets" : "below target"}`,
  );
  const split = disagreements(cases, readers);
  console.log(`\nreaders disagreed with each other on ${split.length} of ${cases.length} requests:`);
  const show = (r: { first: string; agents: string[]; handoffs: string[] } | undefined) =>
    r ? `${r.first} | ${r.agents.join(",") || "-"} | ${r.handoffs.join(",") || "-"}` : "(no answer)";
  for (const d of split) {
    console.log(`\n${d.id} (on ${d.on.join(", ")})`);
    console.log(`  expected      ${show(d.expected)}`);
    for (const [reader, answer] of Object.entries(d.byReader)) console.log(`  ${reader.padEnd(12)}  ${show(answer)}`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
