import type { ValidateFunction } from "ajv";

/**
 * Validators for every schema, compiled to standalone code when the package is packed (the pack
 * build replaces this module). A source checkout has none and compiles the schemas itself.
 */
export const precompiledValidators: Readonly<Record<string, ValidateFunction>> | undefined = undefined;
