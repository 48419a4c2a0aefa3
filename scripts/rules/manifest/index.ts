import type { Rule } from "../../core/types.ts";
import { manifestPaths } from "./manifest-paths.ts";
import { marketplaceName } from "./marketplace-name.ts";
import { marketplacePluginUnique } from "./marketplace-plugin-unique.ts";
import { marketplaceRenames } from "./marketplace-renames.ts";
import { marketplaceSource } from "./marketplace-source.ts";
import { marketplaceStrictConflict } from "./marketplace-strict-conflict.ts";
import { marketplaceUnlistedPlugin } from "./marketplace-unlisted-plugin.ts";
import { marketplaceVersionMatch } from "./marketplace-version-match.ts";
import { pluginManifestMetadata } from "./plugin-manifest-metadata.ts";
import { pluginNameFormat } from "./plugin-name-format.ts";

export const manifestRules: Rule[] = [
  pluginNameFormat,
  pluginManifestMetadata,
  manifestPaths,
  marketplaceName,
  marketplaceSource,
  marketplacePluginUnique,
  marketplaceVersionMatch,
  marketplaceRenames,
  marketplaceStrictConflict,
  marketplaceUnlistedPlugin,
];
