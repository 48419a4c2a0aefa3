import type { Rule } from "../../core/types.ts";
import { agentRefExists } from "./agent-ref-exists.ts";
import { commandRefExists } from "./command-ref-exists.ts";
import { externalRefDeclared } from "./external-ref-declared.ts";
import { linkTargetExists } from "./link-target-exists.ts";
import { mcpServerPath } from "./mcp-server-path.ts";
import { pluginRootPathExists } from "./plugin-root-path-exists.ts";
import { skillRefExists } from "./skill-ref-exists.ts";

export const referenceRules: Rule[] = [
  agentRefExists,
  skillRefExists,
  commandRefExists,
  externalRefDeclared,
  linkTargetExists,
  pluginRootPathExists,
  mcpServerPath,
];
