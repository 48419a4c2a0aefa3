import { closest } from "../../core/text.ts";
import type { Rule } from "../../core/types.ts";
import { frontmatter } from "../util.ts";

/** Aliases Claude Code 2.1.330 resolves (matched case-insensitively, as the resolver lower-cases). */
const ALIASES = [
  "sonnet",
  "opus",
  "haiku",
  "fable",
  "best",
  "opusplan",
  "sonnet[1m]",
  "opus[1m]",
  "fable[1m]",
  "opusplan[1m]",
];

/** Catalog ids of 2.1.197 and 2.1.330, used only for "did you mean". */
const CATALOG = [
  "claude-3-5-haiku",
  "claude-haiku-4-5",
  "claude-haiku-5-5",
  "claude-3-5-sonnet",
  "claude-3-7-sonnet",
  "claude-sonnet-4-0",
  "claude-sonnet-4-5",
  "claude-sonnet-4-6",
  "claude-sonnet-5",
  "claude-sonnet-5-5",
  "claude-opus-4-0",
  "claude-opus-4-1",
  "claude-opus-4-5",
  "claude-opus-4-6",
  "claude-opus-4-7",
  "claude-opus-4-8",
  "claude-opus-5",
  "claude-opus-5-5",
  "claude-fable-5",
  "claude-fable-5-1",
  "claude-fable-5-2",
  "claude-mythos-5",
  "claude-mythos-5-1",
  "claude-mythos-5-2",
];

const FAMILY = "(sonnet|opus|haiku|fable|mythos)";
const VERSION = "\\d{1,2}(?:-\\d{1,2})?";
/** `claude-sonnet-4-5`, `claude-3-5-sonnet`, `claude-mythos-preview`, with an optional date, `-latest` or `-vN` (Vertex). */
const FIRST_PARTY = new RegExp(
  `^claude-(?:${FAMILY}-${VERSION}|${VERSION}-${FAMILY}|${FAMILY}-preview)(-\\d{8})?(-latest)?(-v\\d+)?$`,
);
/** Bedrock: optional cross-region prefix, `anthropic.`, the id, `-vN` and an optional `:N`. */
const BEDROCK = /^(?:(?:us|eu|apac|jp|au|us-gov|global)\.)?anthropic\.(claude-[a-z0-9-]+?)(?:-v\d+(?::\d+)?)?$/;
/** Vertex: the id, `@` and a date or `latest`. */
const VERTEX = /^(claude-[a-z0-9-]+)@(\d{8}|latest)$/;

function strip1m(value: string): string {
  return value.replace(/\[1m\]$/i, "");
}

type Verdict = { kind: "ok" } | { kind: "dated"; family: string } | { kind: "unknown"; suggestion?: string };

function familyOf(id: string): string {
  return /sonnet|opus|haiku|fable|mythos/.exec(id)?.[0] ?? "sonnet";
}

export function judgeModel(raw: string): Verdict {
  const value = raw.trim();
  const lower = value.toLowerCase();
  // `inherit` (any case) is read by the agent loader and by the plugin skill/command loader alike.
  if (ALIASES.includes(lower) || lower === "inherit") return { kind: "ok" };
  if (lower.startsWith("arn:aws:bedrock:")) return { kind: "ok" };
  const id = strip1m(value);
  const bedrock = BEDROCK.exec(id);
  if (bedrock) return FIRST_PARTY.test(bedrock[1]!) ? { kind: "ok" } : unknown(value);
  const vertex = VERTEX.exec(id);
  if (vertex) return FIRST_PARTY.test(vertex[1]!) ? { kind: "ok" } : unknown(value);
  const match = FIRST_PARTY.exec(id);
  if (match) return match[4] ? { kind: "dated", family: familyOf(id) } : { kind: "ok" };
  if (id !== id.toLowerCase() && FIRST_PARTY.test(id.toLowerCase()))
    return { kind: "unknown", suggestion: id.toLowerCase() + value.slice(id.length) };
  return unknown(value);
}

function unknown(value: string): Verdict {
  const id = strip1m(value.toLowerCase());
  const suggestion = closest(id, [...ALIASES, "inherit", ...CATALOG]) ?? closest(id.replace(/\./g, "-"), CATALOG);
  return suggestion ? { kind: "unknown", suggestion } : { kind: "unknown" };
}

export const modelValid: Rule = {
  id: "model-valid",
  severity: "error",
  description:
    "Agent, skill and command `model` values are an alias Claude Code resolves, `inherit`, or a well-formed Claude model id; dated ids are flagged because they go stale.",
  consequence:
    "Claude Code does not check the value when it loads the component: an unknown model is sent to the API when the agent, skill or command runs, and fails there; a dated id fails once that snapshot is retired.",
  check({ project, report }) {
    for (const file of project.files) {
      if (file.kind !== "agent" && file.kind !== "skill" && file.kind !== "command") continue;
      const model = frontmatter(file)?.model;
      if (typeof model !== "string" || model.trim() === "") continue;
      const verdict = judgeModel(model);
      if (verdict.kind === "ok") continue;
      const at = { path: ["model"] } as const;
      if (verdict.kind === "dated") {
        report({
          file,
          at,
          severity: "warning",
          group: `dated|${model.trim()}`,
          message: `model "${model.trim()}" is a dated snapshot id that goes stale when the model is retired`,
          hint: `use the alias "${verdict.family}" (or "inherit" to follow the session model)`,
        });
        continue;
      }
      const hint = verdict.suggestion
        ? `did you mean "${verdict.suggestion}"?`
        : `use an alias (sonnet, opus, haiku, fable), "inherit", or a Claude model id such as "claude-sonnet-4-5"`;
      report({
        file,
        at,
        message: `unknown model "${model.trim()}": not an alias, "inherit" or a Claude model id, so the ${file.kind} fails when it runs`,
        hint,
      });
    }
  },
};
