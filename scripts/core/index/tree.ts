import path from "node:path";
import { ALWAYS_IGNORED } from "../disk.ts";
import { globMatcher } from "../ignored.ts";
import type { Project } from "../types.ts";

const posix = path.posix;

/** Lookups over the paths the reader saw on disk, each built once per project. */
export class TreeIndex {
  #sorted: string[] | undefined;
  #lowerCased: Map<string, string> | undefined;
  #folders: Map<string, string[]> | undefined;
  #byName: Map<string, string[]> | undefined;
  #unreadable: string[] | undefined;
  #ignored: ((relative: string) => boolean) | undefined;

  constructor(private readonly project: Project) {}

  /**
   * Every path on disk that starts with a prefix. Paths are sorted once, so the ones sharing a
   * prefix sit together and are found by binary search, not by a scan per plugin.
   */
  entriesUnder(prefix: string): string[] {
    const sorted = (this.#sorted ??= [...this.project.entries].sort());
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) out.push(sorted[i]!);
    return out;
  }

  /** A path on disk that differs only in letter case (found on macOS and Windows, not on Linux). */
  caseTwin(relative: string): string | undefined {
    if (!this.#lowerCased) {
      const index = new Map<string, string>();
      for (const set of [this.project.entries, this.project.dirs])
        for (const candidate of set)
          if (!index.has(candidate.toLowerCase())) index.set(candidate.toLowerCase(), candidate);
      this.#lowerCased = index;
    }
    const twin = this.#lowerCased.get(relative.toLowerCase());
    return twin === relative ? undefined : twin;
  }

  /** Entries of one folder (files and folders), by name, for did-you-mean hints. */
  siblings(dir: string): string[] {
    if (!this.#folders) {
      const byFolder = new Map<string, string[]>();
      for (const set of [this.project.entries, this.project.dirs])
        for (const entry of set) {
          if (entry === "") continue;
          const parent = posix.dirname(entry) === "." ? "" : posix.dirname(entry);
          const names = byFolder.get(parent) ?? [];
          names.push(posix.basename(entry));
          byFolder.set(parent, names);
        }
      this.#folders = byFolder;
    }
    return [...new Set(this.#folders.get(dir) ?? [])];
  }

  /** Every file of one name, wherever it lies, for "did you mean" hints about a path. */
  filesNamed(name: string): readonly string[] {
    if (!this.#byName) {
      const byName = new Map<string, string[]>();
      for (const entry of this.project.entries) {
        const base = posix.basename(entry);
        const paths = byName.get(base);
        if (paths) paths.push(entry);
        else byName.set(base, [entry]);
      }
      this.#byName = byName;
    }
    return this.#byName.get(name) ?? [];
  }

  /** Paths the reader met but could not read (or links it did not follow): they still exist. */
  unreadable(): readonly string[] {
    return (this.#unreadable ??= this.project.diskIssues.map((issue) => issue.path));
  }

  /**
   * True when a path lies where the reader did not look (node_modules, .git, configured ignores):
   * whether it exists cannot be known from the project.
   */
  ignored(relative: string): boolean {
    this.#ignored ??= globMatcher([...ALWAYS_IGNORED, ...this.project.config.ignore]);
    return this.#ignored(relative);
  }
}
