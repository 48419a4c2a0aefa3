import { runMain } from "../cli/main.ts";
import { runValidateCli } from "../cli/validate-cli.ts";

/**
 * The command line's quick path, bundled over core/cached-api.ts instead of the library (see
 * bin/cached-api.js): it runs the same command line on a buffer and, when the request was
 * answered from the --cache file, prints what it printed. False, with nothing printed, when the
 * full validator has to run.
 */
export async function answer(): Promise<boolean> {
  let stdout = "";
  let stderr = "";
  let code: number;
  try {
    code = await runValidateCli(process.argv.slice(2), {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
      cwd: process.cwd(),
      env: process.env,
      isTTY: process.stdout.isTTY === true,
    });
  } catch {
    // A CacheMiss, or a failure the full validator reports in its own way.
    return false;
  }
  await runMain("mars-validate", (_argv, io) => {
    if (stderr) io.stderr(stderr);
    io.stdout(stdout);
    return code;
  });
  return true;
}
