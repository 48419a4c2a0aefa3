import type { PluginModel, Project, SourceFile } from "./types.ts";

export interface ComponentCost {
  plugin: string;
  kind: "agent" | "skill" | "command";
  /** The name `claude plugin details` prints. */
  name: string;
  file: SourceFile;
  alwaysOnChars: number;
  onInvokeChars: number;
  alwaysOn: number;
  onInvoke: number;
}

export interface PluginCost {
  plugin: PluginModel;
  components: ComponentCost[];
  alwaysOn: number;
}

/** Tokens as `claude plugin details` estimates them offline: characters / 4, rounded. */
function tokens(chars: number): number {
  return Math.round(chars / 4);
}

function text(file: SourceFile, key: string): string | undefined {
  const value = file.markdown?.frontmatter?.data?.[key];
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : undefined;
}

function firstBodyLine(file: SourceFile): string {
  const line =
    (file.markdown?.body ?? "")
      .split("\n")
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? "";
  return line.replace(/^#+\s*/, "").slice(0, 100);
}

function cost(plugin: PluginModel, kind: ComponentCost["kind"], name: string, file: SourceFile): ComponentCost {
  const description = text(file, "description") ?? firstBodyLine(file);
  const alwaysOnText = [name, description, text(file, "when_to_use")]
    .filter((part) => part !== undefined && part !== "")
    .join(" ");
  const body = (file.markdown?.body ?? "").trim();
  return {
    plugin: plugin.name,
    kind,
    name,
    file,
    alwaysOnChars: alwaysOnText.length,
    onInvokeChars: body.length,
    alwaysOn: tokens(alwaysOnText.length),
    onInvoke: tokens(body.length),
  };
}

/**
 * The inventory `claude plugin details` counts: skill folders, commands and agents directly in
 * their folders (nested files are loaded but not counted there, so they are not counted here).
 */
export function pluginCosts(project: Project): PluginCost[] {
  return project.plugins.map((plugin) => {
    const components: ComponentCost[] = [];
    for (const skill of plugin.skills)
      components.push(cost(plugin, "skill", `${plugin.name}:${skill.folder}`, skill.file));
    for (const command of plugin.commands) {
      if (command.id.split(":").length > 2) continue;
      components.push(cost(plugin, "command", `${plugin.name}:${command.fileName}`, command.file));
    }
    for (const agent of plugin.agents) {
      if (agent.id.split(":").length > 2) continue;
      components.push(cost(plugin, "agent", agent.fileName, agent.file));
    }
    const alwaysOn = tokens(components.reduce((sum, c) => sum + c.alwaysOnChars, 0));
    return { plugin, components, alwaysOn };
  });
}
