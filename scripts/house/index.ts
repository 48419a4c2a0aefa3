import type { Rule } from "../core/types.ts";
import { agentNoDirectCall } from "./rules/agent-no-direct-call.ts";
import { approvalGatesCarried } from "./rules/approval-gates-carried.ts";
import { catalogConsultsMentioned } from "./rules/catalog-consults-mentioned.ts";
import { commandAgentAllowlist } from "./rules/command-agent-allowlist.ts";
import { commandWritesAllowed } from "./rules/command-writes-allowed.ts";
import { concernSingleOwner } from "./rules/concern-single-owner.ts";
import { fixRereviewed } from "./rules/fix-rereviewed.ts";
import { generatedRegionValid } from "./rules/generated-region-valid.ts";
import { generatedUpToDate } from "./rules/generated-up-to-date.ts";
import { reviewOnlyCannotWrite } from "./rules/review-only-cannot-write.ts";
import { sharedRuleQuoted } from "./rules/shared-rule-quoted.ts";
import { skillConsultDomain } from "./rules/skill-consult-domain.ts";
import { staleIdiom } from "./rules/stale-idiom.ts";
import { workflowArtifactFlow } from "./rules/workflow-artifact-flow.ts";

/**
 * This repository's own rules: the generator's drift and refusals, the catalog's agreement with
 * the agents, the workflow model's proofs (artifact flow, allowlists, tools, review-only roles that cannot write, single owners, re-reviews
 * after fixes, approval gates, no subagent-to-subagent calls, skill domains, shared rules), and the content guide's stale-idiom denylist. They judge the mars plugin against
 * its own source of truth and style, so they run only where `.mars-validate.json` enables the
 * "mars-house" preset, never on other people's plugins.
 */
export const houseRules: readonly Rule[] = [
  generatedRegionValid,
  generatedUpToDate,
  catalogConsultsMentioned,
  workflowArtifactFlow,
  commandAgentAllowlist,
  commandWritesAllowed,
  reviewOnlyCannotWrite,
  concernSingleOwner,
  fixRereviewed,
  approvalGatesCarried,
  agentNoDirectCall,
  skillConsultDomain,
  sharedRuleQuoted,
  staleIdiom,
];
