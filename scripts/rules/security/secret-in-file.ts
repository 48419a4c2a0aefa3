import type { Rule } from "../../core/types.ts";
import { ownedSpans } from "./mcp-env-secret.ts";
import { findSecrets, mask } from "./secrets.ts";

export const secretInFile: Rule = {
  id: "secret-in-file",
  severity: "error",
  description:
    "No file of the plugin holds an API key, token or private key (Anthropic, OpenAI, AWS, GitHub, Slack, PEM); placeholders and documented examples pass.",
  consequence:
    "A key in any file of the repository (docs and changelogs included) is public once the plugin is published, and ships to every user who installs it.",
  check({ project, report }) {
    // env/headers values of MCP configs belong to mcp-env-secret, which names the server and key.
    const owned = ownedSpans(project);
    for (const file of project.allFiles) {
      if (file.kind === "binary" || file.text === "") continue;
      const skip = owned.get(file.path) ?? [];
      for (const secret of findSecrets(file.text)) {
        if (skip.some((s) => secret.index >= s.start && secret.index < s.end)) continue;
        const shown = secret.kind === "private key" ? "block" : mask(secret.value);
        report({
          file,
          at: { offset: secret.index, length: secret.length },
          message: `${secret.kind} ${shown} in a plugin file; everyone who installs the plugin gets it`,
          hint: "remove it, revoke it, and read it from the environment (${VAR}) or a sensitive userConfig option",
        });
      }
    }
  },
};
