import type { Rule } from "../../core/types.ts";
import { agentBashWrite } from "./agent-bash-write.ts";
import { hookAbsolutePath } from "./hook-absolute-path.ts";
import { hookEventType } from "./hook-event-type.ts";
import { hookQuoting } from "./hook-quoting.ts";
import { hookRemoteExec } from "./hook-remote-exec.ts";
import { mcpEnvSecret } from "./mcp-env-secret.ts";
import { mcpInsecureTransport } from "./mcp-insecure-transport.ts";
import { secretInFile } from "./secret-in-file.ts";

export const securityRules: Rule[] = [
  hookRemoteExec,
  hookAbsolutePath,
  hookQuoting,
  hookEventType,
  secretInFile,
  agentBashWrite,
  mcpInsecureTransport,
  mcpEnvSecret,
];
