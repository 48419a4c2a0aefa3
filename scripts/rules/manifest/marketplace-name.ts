import type { Rule } from "../../core/types.ts";
import { own } from "../../core/own.ts";
import {
  escapeInvisible,
  kebab,
  marketplacesData,
  anthropicOwned,
  OFFICIAL_BESIDE,
  OFFICIAL_MARKETPLACES,
  PLUGIN_ID,
  tokenPrefixes,
} from "./shared.ts";

/** Names Claude Code keeps for its own pseudo-marketplaces. */
const INTERNAL: Record<string, string> = {
  inline: "--plugin-dir session plugins",
  builtin: "built-in plugins",
  "skills-dir": "plugins auto-loaded from .claude/skills/",
  synced: "plugins synced from claude.ai accounts",
  "claude-plugin-test": "plugins loaded by `claude plugin test`",
};
/** Names the Claude Desktop managed marketplace sync rejects. */
const DESKTOP_RESERVED = new Set(["org", "org-provisioned", "unknown"]);
const LEADS = ["marketplace", "plugins", "official", "directory", "directories"];
const LEADING = new RegExp(`(?:${OFFICIAL_BESIDE.source}|^(?:anthropic|claude)[^a-z0-9]*(${LEADS.join("|")}))`, "i");
const GLUED = new RegExp(`^(?:anthropic|claude)(?:${LEADS.join("|")})s?$`, "i");

/** Claude Code 2.1.330's impersonation test for marketplace names (the official names are exempt). */
function impersonates(name: string): boolean {
  if (OFFICIAL_MARKETPLACES.has(name.toLowerCase())) return false;
  if (/[^\x20-\x7e]/.test(name)) return true;
  if (LEADING.test(name) || LEADING.test(name.replace(/^[^a-z0-9]+/i, ""))) return true;
  if (/official(?:anthropic|claude)|(?:anthropic|claude)official/i.test(name.replace(/[^a-z0-9]+/gi, ""))) return true;
  for (const { joined } of tokenPrefixes(name, 21)) if (GLUED.test(joined)) return true;
  return false;
}

function problemOf(
  name: string,
  owned: "yes" | "no" | "unknown",
): { message: string; hint: string; severity?: "warning" } | undefined {
  const shown = escapeInvisible(name);
  const suggestion = kebab(name);
  const instead = suggestion && suggestion !== name ? `, e.g. "${suggestion}"` : "";
  if (name === "")
    return {
      message: "the marketplace name is empty",
      hint: "Claude Code requires a name; it is the part after @ in name@marketplace",
    };
  if (name.includes(" "))
    return {
      message: `marketplace name "${shown}" contains a space`,
      hint: `Claude Code rejects it; use kebab-case${instead}`,
    };
  if (/[\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069]/u.test(name)) {
    return {
      message: `marketplace name "${shown}" contains a control or text-direction character`,
      hint: `Claude Code rejects it; use kebab-case${instead}`,
    };
  }
  if (name === "." || name.includes("..") || name.includes("/") || name.includes("\\")) {
    return {
      message: `marketplace name "${shown}" contains a path separator or "."/".."`,
      hint: `the name becomes a folder name, so Claude Code rejects it; use kebab-case${instead}`,
    };
  }
  // The official names would match the impersonation test; validate accepts them, `marketplace add` does not.
  if (OFFICIAL_MARKETPLACES.has(name.toLowerCase())) {
    if (owned === "yes") return undefined;
    return {
      message: `marketplace name "${shown}" is reserved for official Anthropic marketplaces`,
      hint: `\`claude plugin marketplace add\` refuses it unless the source is a GitHub repository of the anthropics organization${owned === "no" ? ", and this checkout's origin is not one" : ""}; pick another name`,
      ...(owned === "unknown" ? { severity: "warning" as const } : {}),
    };
  }
  if (impersonates(name)) {
    return {
      message: `marketplace name "${shown}" impersonates an official Anthropic/Claude marketplace`,
      hint: 'Claude Code rejects names that start with "claude" or "anthropic" followed by marketplace/plugins/official/directory, put "official" beside them, or hold a non-printable-ASCII character; pick a name of your own',
    };
  }
  const internal = own(INTERNAL, name.toLowerCase());
  if (internal)
    return {
      message: `marketplace name "${shown}" is reserved for ${internal}`,
      hint: "Claude Code rejects it; pick another name",
    };
  if (!PLUGIN_ID.test(name)) {
    return {
      message: `marketplace name "${shown}" is not a valid plugin-id part`,
      hint: `name@marketplace allows only ASCII letters, digits, ".", "_" and "-", starting with a letter or digit, so nothing installs from it; use kebab-case${instead}`,
    };
  }
  return undefined;
}

export const marketplaceName: Rule = {
  id: "marketplace-name",
  severity: "error",
  description:
    "The marketplace name is a valid plugin-id part that Claude Code accepts: not empty, no spaces or path characters, not impersonating Anthropic, not reserved.",
  consequence:
    "`claude plugin marketplace add` refuses a marketplace whose name is empty, has spaces or path characters, impersonates Anthropic or is reserved for Claude Code's own pseudo-marketplaces; reserved official names are accepted only from GitHub repositories of the anthropics organization.",
  check({ project, report }) {
    for (const marketplace of marketplacesData(project)) {
      const name = marketplace.value.name;
      if (typeof name !== "string") continue;
      const at = { path: ["name"] };
      const problem = problemOf(name, anthropicOwned(project));
      if (problem) report({ file: marketplace.file, at, ...problem });
      // Claude Desktop's own rules, warned by `claude plugin validate` 2.1.330.
      if (DESKTOP_RESERVED.has(name.toLowerCase())) {
        report({
          file: marketplace.file,
          at,
          severity: "warning",
          message: `marketplace name "${name}" is reserved in Claude Desktop`,
          hint: "Claude Code accepts it, but the Claude Desktop managed marketplace sync rejects the whole marketplace; pick another name",
        });
      } else if (name.length > 128) {
        report({
          file: marketplace.file,
          at,
          severity: "warning",
          message: `marketplace name has ${name.length} characters, more than the 128 Claude Desktop accepts`,
          hint: "the Claude Desktop managed marketplace sync rejects the whole marketplace; shorten the name",
        });
      }
    }
  },
};
