import type { Rule } from "../../core/types.ts";
import { agentNameFormat } from "./agent-name-format.ts";
import { agentPluginIgnoredField } from "./agent-plugin-ignored-field.ts";
import { componentNameUnique } from "./component-name-unique.ts";
import { descriptionLength } from "./description-length.ts";
import { modelValid } from "./model-valid.ts";
import { skillLayout } from "./skill-layout.ts";
import { skillNameFormat } from "./skill-name-format.ts";
import { toolNamesValid } from "./tool-names-valid.ts";

export const componentRules: Rule[] = [
  modelValid,
  toolNamesValid,
  agentNameFormat,
  skillNameFormat,
  componentNameUnique,
  descriptionLength,
  agentPluginIgnoredField,
  skillLayout,
];
