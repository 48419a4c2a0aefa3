import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  disagreements,
  jaccard,
  normalizeRouting,
  packetId,
  readerPacket,
  scoreReader,
  type ExpectedCase,
} from "../../scripts/evals/scoring.ts";
import { REPO_ROOT } from "../helpers/repo.ts";

const expected = (
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "evals/routing/expected.json"), "utf8")) as { cases: ExpectedCase[] }
).cases;

describe("routing scorer", () => {
  it("scores a reader who answers exactly as expected at 100 %", () => {
    const perfect = { reader: "p", answers: expected.map((c, i) => ({ ...c, id: packetId(i) })) };
    expect(scoreReader(expected, perfect)).toMatchObject({
      firstSpecialist: 1,
      agentJaccard: 1,
      handoffJaccard: 1,
      missing: [],
    });
  });

  it("counts a missing answer as wrong and a partial agent set by Jaccard", () => {
    const two = expected.slice(0, 2);
    const score = scoreReader(two, {
      reader: "r",
      answers: [{ id: two[0]!.id, first: two[0]!.first, agents: [two[0]!.agents[0]!], handoffs: two[0]!.handoffs }],
    });
    expect(score.missing).toEqual([two[1]!.id]);
    expect(score.firstSpecialist).toBe(0.5);
    expect(score.agentJaccard).toBeCloseTo((jaccard([two[0]!.agents[0]!], two[0]!.agents) + 0) / 2);
  });

  it("normalizes names and treats empty sets as agreeing", () => {
    expect(
      normalizeRouting({
        first: "mars:FastAPI-Pro",
        agents: ["mars:fastapi-pro", "fastapi-pro"],
        handoffs: ["Saturn"],
      }),
    ).toEqual({
      first: "fastapi-pro",
      agents: ["fastapi-pro"],
      handoffs: ["saturn"],
    });
    expect(jaccard([], [])).toBe(1);
  });

  it("lists the cases where readers differ from each other", () => {
    const c = expected[0]!;
    const split = disagreements(
      [c],
      [
        { reader: "a", answers: [{ id: c.id, first: c.first, agents: c.agents, handoffs: [] }] },
        { reader: "b", answers: [{ id: c.id, first: "fastapi-pro", agents: c.agents, handoffs: ["saturn"] }] },
      ],
    );
    expect(split).toEqual([expect.objectContaining({ id: c.id, on: ["first", "handoffs"] })]);
  });

  it("keeps the committed reader packet in step with the expected answers, without them", () => {
    const packet = fs.readFileSync(path.join(REPO_ROOT, "evals/routing/reader-packet.md"), "utf8");
    expect(packet).toBe(readerPacket(expected));
    for (const c of expected) expect(packet).not.toContain(c.id);
    expect(packet).not.toMatch(/"first": "(?!fastapi-pro")/);
  });

  it("has one eval case folder per expected case", () => {
    for (const c of expected) expect(fs.existsSync(path.join(REPO_ROOT, "evals", c.id, "case.yaml")), c.id).toBe(true);
  });
});

describe("the headless route-* eval cases", () => {
  const cases = fs
    .readdirSync(path.join(REPO_ROOT, "evals"))
    .filter((name) => name.startsWith("route-") && expected.some((c) => c.id === name));
  const PLANETS = ["saturn", "venus", "earth", "jupiter", "uranus", "neptune", "mercury"];

  it("exist for every expected routing answer", () => {
    expect(cases.length).toBe(expected.length);
  });

  // The judge's criteria and the readers' answer key must not drift apart when a rule changes.
  it.each(cases)("%s states the expected agents and planet notes in its judge's criteria", (name) => {
    const text = fs.readFileSync(path.join(REPO_ROOT, "evals", name, "case.yaml"), "utf8");
    const wanted = expected.find((c) => c.id === name)!;
    const criteria = /specialists it runs are exactly (.*?), and it writes planet notes for (.*?)\./.exec(text);
    if (!criteria) {
      // Cases a planet owns or Mars declines name no agent set: they start none and note only their planet.
      expect(wanted.agents).toEqual([]);
      for (const planet of PLANETS)
        expect(text.includes(planet[0]!.toUpperCase() + planet.slice(1)) || !wanted.handoffs.includes(planet)).toBe(
          true,
        );
      return;
    }
    const agents = [...criteria[1]!.matchAll(/mars:([a-z-]+)/g)].map((m) => m[1]).sort();
    expect(agents).toEqual([...wanted.agents].sort());
    const notes = PLANETS.filter((p) => new RegExp(`\\b${p}\\b`, "i").test(criteria[2]!));
    expect(notes.sort()).toEqual([...wanted.handoffs].sort());
  });
});
