import agentFrontmatter from "./agent-frontmatter.schema.json" with { type: "json" };
import commandFrontmatter from "./command-frontmatter.schema.json" with { type: "json" };
import evalCase from "./eval-case.schema.json" with { type: "json" };
import evalGraderFrontmatter from "./eval-grader-frontmatter.schema.json" with { type: "json" };
import evalPromptFrontmatter from "./eval-prompt-frontmatter.schema.json" with { type: "json" };
import hooks from "./hooks.schema.json" with { type: "json" };
import lsp from "./lsp.schema.json" with { type: "json" };
import marketplace from "./marketplace.schema.json" with { type: "json" };
import mcp from "./mcp.schema.json" with { type: "json" };
import pluginManifest from "./plugin-manifest.schema.json" with { type: "json" };
import skillFrontmatter from "./skill-frontmatter.schema.json" with { type: "json" };
import validatorConfig from "./validator-config.schema.json" with { type: "json" };

/** Every JSON Schema, imported statically so a bundled validator carries them. */
export const schemas: readonly Record<string, unknown>[] = [
  agentFrontmatter,
  commandFrontmatter,
  evalCase,
  evalGraderFrontmatter,
  evalPromptFrontmatter,
  hooks,
  lsp,
  marketplace,
  mcp,
  pluginManifest,
  skillFrontmatter,
  validatorConfig,
];
