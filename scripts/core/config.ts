import fs from "node:fs";
import path from "node:path";
import { MAX_TEXT_BYTES, nodeFileSystem, type FileSystem } from "./disk.ts";
import { globProblem } from "./glob.ts";
import { parseJson } from "./json.ts";
import { checkSchema } from "./schema.ts";
import type { BudgetConfig, ValidatorConfig } from "./types.ts";
import { CONFIG_FILE } from "./config-name.ts";

export { CONFIG_FILE };

/**
 * Defaults flag what breaks or degrades a plugin anywhere: a skill listing entry is cut at
 * 1,536 characters (~400 tokens) and a re-attached skill keeps only its first 5,000 tokens.
 */
export const DEFAULT_BUDGETS: BudgetConfig = {
  alwaysOnPerComponent: 400,
  alwaysOnPerPlugin: 4000,
  onInvoke: { agent: 5000, skill: 5000, command: 5000 },
};

export function defaultConfig(): ValidatorConfig {
  return {
    ignore: [],
    budgets: structuredClone(DEFAULT_BUDGETS),
    rules: {},
    externalPlugins: [],
    presets: [],
    files: "loaded",
    overrides: [],
  };
}

export interface ConfigLoad {
  config: ValidatorConfig;
  /** Problems with the config file itself; they stop the run with exit code 2. */
  problems: string[];
}

/** Reads `.mars-validate.json` from the validated root, when present, under the reader's rules. */
export function loadConfig(root: string, fsys: FileSystem = nodeFileSystem): ConfigLoad {
  const config = defaultConfig();
  const file = path.join(root, CONFIG_FILE);
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return { config, problems: [] };
  }
  let text: string;
  try {
    // A link is read only when it stays inside the folder; the file must be a regular file.
    const target = stat.isSymbolicLink() ? fsys.realpath(file) : file;
    const realRoot = fsys.realpath(root);
    const relative = path.relative(realRoot, target);
    if (relative.startsWith("..") || path.isAbsolute(relative))
      return {
        config,
        problems: [`${CONFIG_FILE} is a symbolic link to a file outside the validated folder; it was not read`],
      };
    const buffer = fsys.readFile(target, realRoot, MAX_TEXT_BYTES + 1);
    if (buffer.length > MAX_TEXT_BYTES) return { config, problems: [`${CONFIG_FILE} is larger than 1 MiB`] };
    text = new TextDecoder("utf-8", { fatal: true }).decode(buffer);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ESPECIAL" || code === "EISDIR"
        ? "is not a regular file"
        : code === "ERR_ENCODING_INVALID_ENCODED_DATA"
          ? "is not valid UTF-8"
          : `cannot be read (${code ?? (error as Error).message})`;
    return { config, problems: [`${CONFIG_FILE} ${why}`] };
  }
  return parseConfig(text);
}

/**
 * The settings a config file's text holds, over the defaults; `name` is how problems name the file
 * (the CLI's --config and the library's `config` option read a file of any name).
 */
function parseConfig(text: string, name: string = CONFIG_FILE): ConfigLoad {
  const config = defaultConfig();
  const parsed = parseJson(text.replace(/^\uFEFF/, ""));
  if (!parsed.ok) return { config, problems: parsed.issues.map((i) => `${name}: ${i.message}`) };
  const schemaProblems = checkSchema("validator-config", parsed.value);
  if (schemaProblems.length > 0)
    return {
      config,
      problems: schemaProblems.map((p) => `${name}: ${p.message}${p.hint ? ` (${p.hint})` : ""}`),
    };
  const value = parsed.value as Partial<ValidatorConfig> & {
    budgets?: Partial<BudgetConfig> & { onInvoke?: Partial<BudgetConfig["onInvoke"]> };
  };
  const globs = [
    ...(value.ignore ?? []).map((glob, i) => ({ glob, where: `ignore[${i}]` })),
    ...(value.overrides ?? []).flatMap((o, i) =>
      o.files.map((glob, j) => ({ glob, where: `overrides[${i}].files[${j}]` })),
    ),
  ];
  const globProblems = globs.flatMap(({ glob, where }) => {
    const problem = globProblem(glob);
    return problem ? [`${CONFIG_FILE}: ${where} ${problem}`] : [];
  });
  if (globProblems.length > 0) return { config, problems: globProblems };
  if (value.ignore) config.ignore = value.ignore;
  if (value.rules) config.rules = value.rules;
  if (value.externalPlugins) config.externalPlugins = value.externalPlugins;
  if (value.presets) config.presets = value.presets;
  if (value.files) config.files = value.files;
  if (value.overrides) config.overrides = value.overrides;
  if (value.budgets) {
    const { onInvoke, ...rest } = value.budgets;
    Object.assign(config.budgets, rest);
    if (onInvoke) Object.assign(config.budgets.onInvoke, onInvoke);
  }
  return { config, problems: [] };
}

/** Reads a config file the user named (--config): followed like any path they type, same checks otherwise. */
export function loadConfigFile(file: string): ConfigLoad {
  const name = path.basename(file);
  let buffer: Buffer;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { config: defaultConfig(), problems: [`${name} is not a regular file`] };
    if (stat.size > MAX_TEXT_BYTES) return { config: defaultConfig(), problems: [`${name} is larger than 1 MiB`] };
    buffer = fs.readFileSync(file);
  } catch (error) {
    return {
      config: defaultConfig(),
      problems: [`${name} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`],
    };
  }
  try {
    return parseConfig(new TextDecoder("utf-8", { fatal: true }).decode(buffer), name);
  } catch {
    return { config: defaultConfig(), problems: [`${name} is not valid UTF-8`] };
  }
}
