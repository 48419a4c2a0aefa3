import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { findSecrets, mask, PLACEHOLDER_WORDS } from "../../scripts/rules/security/secrets.ts";
import { growthFor64xInput } from "../helpers/linear.ts";

// Tokens are built at run time from random bytes: no token-shaped string lives in the repository.
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
function random(length: number, alphabet = ALNUM): string {
  for (;;) {
    const text = Array.from(crypto.randomBytes(length), (b) => alphabet[b % alphabet.length]).join("");
    // Keep the classes a real token has, and no placeholder word ("your", "xxxx"): the detector
    // skips single-class strings and placeholders by design (1 in about 12,000 random keys holds one).
    if (PLACEHOLDER_WORDS.test(text)) continue;
    if (alphabet !== ALNUM || (/[a-z]/.test(text) && /[A-Z]/.test(text) && /[0-9]/.test(text))) return text;
  }
}
const join = (...parts: string[]) => parts.join("");

describe("findSecrets", () => {
  it.for([
    ["Anthropic key", () => join("sk-", "ant-api03-", random(93), "AA")],
    ["Anthropic key", () => join("sk-", "ant-admin01-", random(93))],
    ["OpenAI API key", () => join("sk-", "proj-", random(64))],
    ["OpenAI API key", () => join("sk-", random(48))],
    ["AWS access key id", () => join("AK", "IA", random(16, UPPER))],
    ["AWS access key id", () => join("AS", "IA", random(16, UPPER))],
    ["GitHub token", () => join("gh", "p_", random(36))],
    ["GitHub token", () => join("gh", "r_", random(36))],
    ["GitHub token", () => join("github", "_pat_", random(22), "_", random(59))],
    ["Slack token", () => join("xo", "xp-", random(12, "0123456789"), "-", random(12, "0123456789"), "-", random(32))],
    [
      "Slack webhook URL",
      () => join("https://hooks.slack", ".com/services/T", random(9, UPPER), "/B", random(11, UPPER), "/", random(24)),
    ],
  ] as const)("finds a %s", ([kind, make]) => {
    const token = make();
    const found = findSecrets(`const value = "${token}";\n`);
    expect(found.map((f) => f.kind)).toEqual([kind]);
    expect(found[0]!.index).toBe(15);
  });

  it("finds an AWS secret key next to its name, and a PEM block with key material", () => {
    const secret = random(40, `${ALNUM}/+`);
    expect(findSecrets(`AWS_SECRET_ACCESS_KEY=${secret}\n`).map((f) => f.kind)).toEqual(["AWS secret access key"]);
    const body = Array.from({ length: 5 }, () => random(64, `${ALNUM}+/`)).join("\n");
    const pem = `-----BEGIN EC ${"PRIVATE"} KEY-----\n${body}\n-----END EC PRIVATE KEY-----\n`;
    expect(findSecrets(pem).map((f) => f.kind)).toEqual(["private key"]);
  });

  it.for([
    "sk-ant-...",
    "sk-ant-xxxxx",
    `sk-ant-api03-${"x".repeat(90)}`,
    `sk-proj-${"X".repeat(48)}`,
    `sk-${"abcdefghijklmnopqrstuvwxyz".repeat(2)}`,
    `ghp_${"X".repeat(36)}`,
    "ghp_1234567890abcdefghijklmnopqrstuvwxyz",
    "github_pat_<your-token>",
    "xoxb-your-bot-token",
    `xoxb-000000000000-0000000000000-${"X".repeat(24)}`,
    "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
    "AKIAIOSFODNN7EXAMPLE",
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AKIAAAAAAAAAAAAAAAAA",
    "<your-token> ${API_KEY} token API key",
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----",
    "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----",
    "disk-QmVyeUxvbmdTbHVnV2l0aE1peGVkQ2FzZTEyMzQ1Njc4OQ and task-AbCdEfGh1234IjKlMnOp5678QrStUvWx9012",
  ])("passes %s", (text) => {
    expect(findSecrets(text)).toEqual([]);
  });

  it("masks all but the first four characters", () => {
    expect(mask("sk-ant-api03-abcdef")).toBe('"sk-a…" (19 characters)');
  });

  // 64 times the input costs about 64 times as much (linear) and far below a quadratic 4,096.
  it.each([
    ["a key prefix that runs on", (n: number) => `sk-${"a".repeat(n)}`],
    ["a PEM header that never ends", (n: number) => `-----BEGIN ${"A ".repeat(n / 2)}`],
    ["a key name, then blanks", (n: number) => `aws_secret_access_key${" ".repeat(n)}=`],
    ["repeated token prefixes", (n: number) => "xoxb-1234567-".repeat(n / 13)],
  ])("takes time linear in the input on %s", { retry: 2 }, (_name, make) => {
    expect(growthFor64xInput(make, findSecrets, 3_000)).toBeLessThan(512);
  });
});
