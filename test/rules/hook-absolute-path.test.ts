import { describe, expect, it } from "vitest";
import { outsideInShell } from "../../scripts/rules/security/hook-absolute-path.ts";

describe("outsideInShell", () => {
  it.for([
    ["/usr/local/bin/x --y", "/usr/local/bin/x"],
    ["bash /tmp/x.sh", "/tmp/x.sh"],
    ["~/bin/x", "~/bin/x"],
    ["$HOME/bin/x", "$HOME/bin/x"],
    ["FOO=1 BAR=2 /opt/x", "/opt/x"],
    ["sudo /opt/x", "/opt/x"],
    ["env -i PATH=/usr/bin /opt/x", "/opt/x"],
    ["/usr/bin/env /opt/x", "/opt/x"],
    ["/usr/bin/env python3 /home/me/x.py", "/home/me/x.py"],
    ["true && (cd /tmp; /tmp/run)", "/tmp/run"],
    ["echo $(/opt/x)", "/opt/x"],
    ['sh -c "/tmp/x.sh now"', "/tmp/x.sh"],
    ["if [ -f a ]; then /opt/x; fi", "/opt/x"],
    ["'/opt/my tool/x'", "/opt/my tool/x"],
  ] as const)("%s runs %s", ([command, expected]) => {
    expect(outsideInShell(command)).toBe(expected);
  });

  it.for([
    'node "${CLAUDE_PLUGIN_ROOT}/x.js"',
    '/bin/sh "${CLAUDE_PLUGIN_ROOT}/x.sh"',
    '/bin/bash "${CLAUDE_PLUGIN_ROOT}/x.sh" --flag /etc/x',
    '/usr/bin/env python3 "${CLAUDE_PLUGIN_ROOT}/x.py"',
    "/bin/bash -c 'echo ok'",
    '"${CLAUDE_PROJECT_DIR}"/scripts/x.sh',
    "${CLAUDE_PLUGIN_DATA}/bin/x",
    "cat /etc/hosts > /dev/null 2>&1",
    "test -x /usr/bin/git && git status",
    "python3 -c 'open(\"/etc/hosts\")'",
    "npx -y pkg@1",
    "",
  ])("passes %s", (command) => {
    expect(outsideInShell(command)).toBeUndefined();
  });
});
