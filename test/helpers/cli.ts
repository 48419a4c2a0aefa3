import { runBuildCli } from "../../scripts/cli/build-cli.ts";
import { runValidateCli } from "../../scripts/cli/validate-cli.ts";
import type { WriteFs } from "../../scripts/generate/write.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function io(cwd: string, env: NodeJS.ProcessEnv = {}, isTTY = false) {
  const out = { stdout: "", stderr: "" };
  return {
    out,
    io: {
      stdout: (t: string) => void (out.stdout += t),
      stderr: (t: string) => void (out.stderr += t),
      cwd,
      env,
      isTTY,
    },
  };
}

/** Runs the validator CLI in-process. */
export async function validateCli(
  argv: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  isTTY = false,
): Promise<CliRun> {
  const { out, io: handle } = io(cwd, env, isTTY);
  const code = await runValidateCli(argv, handle);
  return { code, ...out };
}

/** Runs the generator CLI in-process. */
export function buildCli(argv: string[], cwd: string, fsys?: WriteFs): CliRun {
  const { out, io: handle } = io(cwd);
  const code = runBuildCli(argv, handle, fsys);
  return { code, ...out };
}
