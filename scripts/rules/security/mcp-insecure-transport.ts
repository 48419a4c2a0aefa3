import type { Rule } from "../../core/types.ts";
import { isRemote, mcpServers } from "./sources.ts";

/** localhost, 127.0.0.0/8 and ::1 (also as an IPv4-mapped address). */
function isLoopback(hostname: string): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
  if (host === "localhost" || host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
  const v4 = host.replace(/^::ffff:/, "");
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4) || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host);
}

export const mcpInsecureTransport: Rule = {
  id: "mcp-insecure-transport",
  severity: "error",
  description:
    "Remote MCP servers use https:// or wss://; plain http:// and ws:// are only for loopback hosts, since requests carry tool calls and credentials.",
  consequence:
    "A remote MCP server over http:// or ws:// sends tool calls, results and credentials in clear text to a host other than this machine.",
  check({ project, report }) {
    for (const { file, name, server, path } of mcpServers(project)) {
      if (!isRemote(server) || typeof server.url !== "string") continue;
      const scheme = /^\s*(https?|wss?):\/\//i.exec(server.url)?.[1]?.toLowerCase();
      if (scheme !== "http" && scheme !== "ws") continue;
      let host: string;
      try {
        host = new URL(server.url.trim()).hostname;
      } catch {
        continue;
      }
      // A host that comes from a variable cannot be judged here.
      const authority = /^\s*[a-z]+:\/\/([^/?#]*)/i.exec(server.url)?.[1] ?? "";
      if (host === "" || authority.includes("${") || isLoopback(host)) continue;
      report({
        file,
        at: { path: [...path, "url"] },
        message: `MCP server "${name}" connects to "${host}" over unencrypted ${scheme}://; expected ${scheme === "http" ? "https" : "wss"}://`,
        hint: `tool calls, results and credentials cross the network in clear text; plain ${scheme}:// is only fine for localhost, 127.0.0.1 or ::1`,
      });
    }
  },
};
