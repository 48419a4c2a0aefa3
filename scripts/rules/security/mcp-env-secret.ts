import type { Project, Rule, SourceFile } from "../../core/types.ts";
import { findNodeAtLocation } from "jsonc-parser";
import { findSecrets, mask } from "./secrets.ts";
import { isObject, mcpServers } from "./sources.ts";

/** Keys whose value is a credential by name: API_TOKEN, X-Api-Key, DB_PASSWORD, Authorization. */
const SECRET_KEY = /(?:^|[_-])(?:TOKEN|KEY)$|SECRET|PASSWORD|PASSWD|^(?:proxy-)?authorization$|^cookie$/i;

/** Values that are not a literal credential: references, paths, flags, numbers, placeholders. */
function isHarmless(value: string): boolean {
  const text = value.trim();
  // ${VAR} is expanded by Claude Code; a bare $VAR is not (a bug, but not a leaked secret).
  if (text === "" || /\$\{|\$[A-Za-z_]/.test(text)) return true;
  if (/^(?:true|false|yes|no|on|off|null|none|\d+(?:\.\d+)?)$/i.test(text)) return true;
  if (/^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)/.test(text)) return true;
  if (/^(?:Bearer|Basic|Token)\s*$/i.test(text)) return true;
  return /^<.*>$|^\[.*\]$|x{3}|\.\.\.|…|your[-_ ]|[-_ ]here$|^(?:changeme|change[-_]me|replace[-_]?me|todo|tbd|placeholder|secret|password|token|api[-_]?key)$/i.test(
    text,
  );
}

interface CredentialValue {
  file: SourceFile;
  server: string;
  field: "env" | "headers";
  key: string;
  value: string;
  path: (string | number)[];
}

/** Every string value of an MCP server's env and headers maps. */
function credentialValues(project: Project): CredentialValue[] {
  const values: CredentialValue[] = [];
  for (const { file, name, server, path } of mcpServers(project)) {
    for (const field of ["env", "headers"] as const) {
      const map = server[field];
      if (!isObject(map)) continue;
      for (const [key, value] of Object.entries(map))
        if (typeof value === "string")
          values.push({ file, server: name, field, key, value, path: [...path, field, key] });
    }
  }
  return values;
}

/**
 * Spans of the env/headers values that this rule owns, by file: secret-in-file leaves them
 * alone so one secret gives one finding.
 */
export function ownedSpans(project: Project): Map<string, { start: number; end: number }[]> {
  const spans = new Map<string, { start: number; end: number }[]>();
  for (const item of credentialValues(project)) {
    const node = item.file.json?.tree ? findNodeAtLocation(item.file.json.tree, item.path) : undefined;
    if (!node) continue;
    const list = spans.get(item.file.path) ?? [];
    list.push({ start: node.offset, end: node.offset + node.length });
    spans.set(item.file.path, list);
  }
  return spans;
}

export const mcpEnvSecret: Rule = {
  id: "mcp-env-secret",
  severity: "error",
  description:
    "MCP server env and headers values reference secrets (${VAR}) instead of holding them: a literal key ships to everyone who installs the plugin.",
  consequence:
    "A literal key in an MCP server's env or headers ships to everyone who installs the plugin, in plain text in their plugin cache.",
  check({ project, report }) {
    for (const item of credentialValues(project)) {
      const where = `${item.field} "${item.key}" of MCP server "${item.server}"`;
      const hint = `read it from the user's environment: "${item.key}": "\${${item.field === "env" ? item.key : "API_TOKEN"}}" (or a sensitive userConfig option), and revoke the leaked one`;
      const secrets = findSecrets(item.value);
      if (secrets.length > 0) {
        const secret = secrets[0]!;
        report({
          file: item.file,
          at: { path: item.path },
          message: `${where} holds a literal ${secret.kind} ${mask(secret.value)}`,
          hint,
        });
        continue;
      }
      if (SECRET_KEY.test(item.key) && !isHarmless(item.value)) {
        const scheme = /^(Bearer|Basic|Token)\s+(\S.*)$/i.exec(item.value.trim());
        const shown = scheme ? `${scheme[1]} ${mask(scheme[2]!)}` : mask(item.value);
        report({
          file: item.file,
          at: { path: item.path },
          message: `${where} holds a literal credential ${shown}`,
          hint,
        });
      }
    }
  },
};
