import type { Rule } from "../../core/types.ts";
import { agentFrontmatterSchema } from "./agent-frontmatter-schema.ts";
import { commandFrontmatterSchema } from "./command-frontmatter-schema.ts";
import { evalCaseSchema } from "./eval-case-schema.ts";
import { evalGraderSchema } from "./eval-grader-schema.ts";
import { evalPromptSchema } from "./eval-prompt-schema.ts";
import { hooksSchema } from "./hooks-schema.ts";
import { lspSchema } from "./lsp-schema.ts";
import { marketplaceSchema } from "./marketplace-schema.ts";
import { mcpSchema } from "./mcp-schema.ts";
import { pluginManifestSchema } from "./plugin-manifest-schema.ts";
import { skillFrontmatterSchema } from "./skill-frontmatter-schema.ts";

export const schemaRules: Rule[] = [
  pluginManifestSchema,
  marketplaceSchema,
  agentFrontmatterSchema,
  skillFrontmatterSchema,
  commandFrontmatterSchema,
  hooksSchema,
  mcpSchema,
  lspSchema,
  evalCaseSchema,
  evalPromptSchema,
  evalGraderSchema,
];
