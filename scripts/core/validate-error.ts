export type ValidateErrorReason = "path" | "config" | "empty" | "internal" | "write" | "exists";

/**
 * Why a run could not produce findings at all: a path that is not a readable folder, an invalid
 * configuration, a folder with nothing to validate, a rule that crashed (a bug in this tool), a
 * write that failed, or a file --init would overwrite. The command line exits 2 for each.
 */
export class ValidateError extends Error {
  readonly reason: ValidateErrorReason;
  /** The individual problems (of a configuration), when there are several. */
  readonly details: readonly string[];
  constructor(reason: ValidateErrorReason, message: string, details: readonly string[] = []) {
    super(details.length > 0 ? `${message}:\n${details.map((d) => `  ${d}`).join("\n")}` : message);
    this.name = "ValidateError";
    this.reason = reason;
    this.details = details;
  }
}
