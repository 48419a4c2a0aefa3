import type { Rule } from "../../core/types.ts";
import { fileNameCaseCollision } from "./file-name-case-collision.ts";
import { fileReadable } from "./file-readable.ts";
import { frontmatterPresent } from "./frontmatter-present.ts";
import { frontmatterSyntax } from "./frontmatter-syntax.ts";
import { jsonSyntax } from "./json-syntax.ts";
import { symlinkContained } from "./symlink-contained.ts";
import { yamlSyntax } from "./yaml-syntax.ts";

export const fileRules: Rule[] = [
  fileReadable,
  symlinkContained,
  fileNameCaseCollision,
  jsonSyntax,
  yamlSyntax,
  frontmatterPresent,
  frontmatterSyntax,
];
