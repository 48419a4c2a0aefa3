import manifest from "../../package.json" with { type: "json" };

/** The package.json fields a documentation link is made of. */
export interface PackageIdentity {
  name: string;
  version: string;
  repository?: string | { url?: string };
  homepage?: string;
}

/** "owner/name" of a GitHub repository a package.json field names, in any form npm accepts. */
export function githubRepository(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const shorthand = value.startsWith("github:") ? value.slice("github:".length) : value;
  if (/^[\w.-]+\/[\w.-]+$/.test(shorthand)) return shorthand.replace(/\.git$/, "");
  let url: URL;
  try {
    url = new URL(value.replace(/^git\+/, "").replace(/^git@github\.com:/, "https://github.com/"));
  } catch {
    return undefined;
  }
  if (url.hostname !== "github.com" && url.hostname !== "www.github.com") return undefined;
  const [owner, name] = url.pathname.split("/").filter(Boolean);
  return owner && name ? `${owner}/${name.replace(/\.git$/, "")}` : undefined;
}

/**
 * Where the documentation of this version lives: the release tag of the GitHub repository that
 * package.json names (`repository`, else `homepage`), or, while it names none, the published
 * package itself, which ships docs/rules/.
 */
export function docsBase(pkg: PackageIdentity = manifest as PackageIdentity): string {
  const repositoryField = typeof pkg.repository === "string" ? pkg.repository : pkg.repository?.url;
  const repository = githubRepository(repositoryField) ?? githubRepository(pkg.homepage);
  return repository
    ? `https://github.com/${repository}/blob/v${pkg.version}/`
    : `https://unpkg.com/${pkg.name}@${pkg.version}/`;
}

/** A rule's page, relative to the repository root. */
export function rulePagePath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}

/** A rule's page on the web. */
export function ruleDocsUrl(ruleId: string, pkg?: PackageIdentity): string {
  return `${docsBase(pkg)}docs/rules/${encodeURIComponent(ruleId)}.md`;
}

/** A file of this version of the published package (schemas, pages), as unpkg serves it. */
export function packageFileUrl(file: string, pkg: PackageIdentity = manifest as PackageIdentity): string {
  return `https://unpkg.com/${pkg.name}@${pkg.version}/${file}`;
}
