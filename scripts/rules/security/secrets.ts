/**
 * Secret detectors shared by secret-in-file and mcp-env-secret. One combined regex, run once
 * per text after a cheap `includes` prefilter; each alternative starts with a fixed prefix and
 * has no nested quantifiers, so matching stays linear.
 */

export interface SecretMatch {
  kind: string;
  /** Offset and length of the secret value itself. */
  index: number;
  length: number;
  value: string;
}

const KINDS: Record<string, string> = {
  anthropic: "Anthropic key",
  openai: "OpenAI API key",
  awsId: "AWS access key id",
  awsSecret: "AWS secret access key",
  github: "GitHub token",
  slack: "Slack token",
  slackHook: "Slack webhook URL",
  privateKey: "private key",
};

const PREFIXES = [
  "sk-",
  "AKIA",
  "ASIA",
  "ecret_access_key",
  "ECRET_ACCESS_KEY",
  "ghp_",
  "gho_",
  "ghs_",
  "ghu_",
  "ghr_",
  "github_pat_",
  "xox",
  "xapp-",
  "hooks.slack.com/services/",
  "PRIVATE KEY-----",
];

const B = "(?<![A-Za-z0-9_-])";
const E = "(?![A-Za-z0-9_-])";
const DETECTOR = new RegExp(
  [
    `(?<anthropic>${B}sk-ant-[a-z]{3,6}[0-9]{2}-[A-Za-z0-9_-]{32,}${E})`,
    `(?<openai>${B}sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{32,}|[A-Za-z0-9]{32,})${E})`,
    `(?<awsId>(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9]))`,
    `(?:[Aa][Ww][Ss]_[Ss][Ee][Cc][Rr][Ee][Tt]_[Aa][Cc][Cc][Ee][Ss][Ss]_[Kk][Ee][Yy]["']?[ \\t]*[=:][ \\t]*["']?(?<awsSecret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+]))`,
    `(?<github>${B}(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{50,})${E})`,
    `(?<slack>${B}(?:xox[bpaers]-[0-9]{6,}-[A-Za-z0-9-]{10,}|xapp-[0-9]-[A-Z0-9]{6,}-[0-9]{6,}-[A-Za-z0-9]{20,})${E})`,
    `(?<slackHook>(?:https://)?hooks\\.slack\\.com/services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{16,})`,
    `(?<privateKey>-----BEGIN [A-Z ]{0,30}PRIVATE KEY-----)`,
  ].join("|"),
  "g",
);

/** Shannon entropy in bits per character. */
function entropy(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

export const PLACEHOLDER_WORDS =
  /x{4}|\.\.\.|…|<|>|\$\{|your|example|sample|dummy|fake|placeholder|redacted|changeme|replace|insert|token_here|key_here|0{6}|1234567|abcdef/i;

/**
 * True for values that only look like a key: documented placeholders (`sk-ant-xxxxx`,
 * `ghp_XXXX…`, `<your-token>`), AWS's documented example keys (ending in `EXAMPLE`, which cannot
 * authenticate), repeated or ascending characters, and low-entropy strings.
 */
function isPlaceholder(secret: string, minClasses = 2): boolean {
  if (PLACEHOLDER_WORDS.test(secret)) return true;
  if (/(.)\1{5}/.test(secret)) return true;
  let ascending = 0;
  for (let i = 1; i < secret.length; i++) if (secret.charCodeAt(i) === secret.charCodeAt(i - 1) + 1) ascending++;
  if (ascending > secret.length * 0.3) return true;
  const classes = Number(/[a-z]/.test(secret)) + Number(/[A-Z]/.test(secret)) + Number(/[0-9]/.test(secret));
  if (classes < minClasses) return true;
  // A random string of n characters rarely falls below 0.7·log2(n) bits per character.
  return secret.length >= 16 && entropy(secret) < Math.min(3.2, Math.log2(secret.length) * 0.7);
}

/** The part of a match that carries the randomness (the prefix is fixed). */
function randomPart(kind: string, value: string): string {
  switch (kind) {
    case "anthropic":
      return value.replace(/^sk-ant-[a-z]+[0-9]{2}-/, "");
    case "openai":
      return value.replace(/^sk-(?:(?:proj|svcacct|admin)-)?/, "");
    case "awsId":
      return value.slice(4);
    case "github":
      return value.replace(/^(?:gh[pousr]_|github_pat_)/, "");
    case "slack":
      return value.replace(/^(?:xox[a-z]|xapp)-/, "");
    case "slackHook":
      return value.slice(value.lastIndexOf("/") + 1);
    default:
      return value;
  }
}

/** A private key block is only a secret when real key material follows the header. */
function privateKeyBody(text: string, headerEnd: number): string | undefined {
  const end = text.indexOf("-----END", headerEnd);
  const body = text.slice(headerEnd, end === -1 ? Math.min(text.length, headerEnd + 5000) : end);
  const material = body
    .split("\n")
    .filter((line) => !line.includes(":"))
    .join("")
    .replace(/\\[nr]|[\s"',\\]/g, "");
  if (material.length < 64 || /\.\.\.|…|x{4}|<|>/i.test(body)) return undefined;
  return /^[A-Za-z0-9+/=]+$/.test(material) && entropy(material) > 4.5 ? material : undefined;
}

function hasSecretPrefix(text: string): boolean {
  for (const prefix of PREFIXES) if (text.includes(prefix)) return true;
  return false;
}

/** Every secret-looking token in a text, placeholders left out. */
export function findSecrets(text: string): SecretMatch[] {
  if (!hasSecretPrefix(text)) return [];
  const found: SecretMatch[] = [];
  for (const match of text.matchAll(DETECTOR)) {
    const groups = match.groups ?? {};
    const kind = Object.keys(KINDS).find((k) => groups[k] !== undefined);
    if (!kind) continue;
    const value = groups[kind]!;
    const index = match.index + match[0].lastIndexOf(value);
    if (kind === "privateKey") {
      if (privateKeyBody(text, index + value.length) === undefined) continue;
    } else if (isPlaceholder(randomPart(kind, value), kind === "awsId" ? 1 : 2)) continue;
    // A bare "sk-…" only counts with all three character classes, as real legacy keys have.
    if (
      kind === "openai" &&
      /^sk-[A-Za-z0-9]+$/.test(value) &&
      !(/[a-z]/.test(value) && /[A-Z]/.test(value) && /[0-9]/.test(value))
    )
      continue;
    found.push({ kind: KINDS[kind]!, index, length: value.length, value });
  }
  return found;
}

/** The first four characters and the length, so a report never repeats a secret. */
export function mask(value: string): string {
  return `"${value.slice(0, 4)}…" (${value.length} characters)`;
}
