import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type * as Source from "../../scripts/api.ts";
import * as api from "../../scripts/api.ts";
import type * as Declared from "../../scripts/pack/index.d.ts";
import { TYPES_SOURCE } from "../../scripts/pack/bundle.ts";
import { REPO_ROOT } from "../helpers/repo.ts";

/**
 * True only when A and B are the same type (each assignable to the other is not enough: an
 * optional property or a readonly modifier differs). `npm test` type-checks this file, so a
 * declaration that drifts from the source fails the suite before any test runs.
 */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(proof: Equal<A, B>): boolean => proof;

describe("the library's hand-kept type declarations", () => {
  it("declare exactly the types of the source", () => {
    const checks = [
      same<Declared.Severity, Source.Severity>(true),
      same<Declared.Position, Source.Position>(true),
      same<Declared.Location, Source.Location>(true),
      same<Declared.TextEdit, Source.TextEdit>(true),
      same<Declared.Fix, Source.Fix>(true),
      same<Declared.Finding, Source.Finding>(true),
      same<Declared.RuleMeta, Source.RuleMeta>(true),
      same<Declared.RuleInfo, Source.RuleInfo>(true),
      same<Declared.Summary, Source.Summary>(true),
      same<Declared.BudgetConfig, Source.BudgetConfig>(true),
      same<Declared.BudgetOptions, Source.BudgetOptions>(true),
      same<Declared.ValidateOptions, Source.ValidateOptions>(true),
      same<Declared.ComponentBudget, Source.ComponentBudget>(true),
      same<Declared.PluginBudget, Source.PluginBudget>(true),
      same<Declared.ValidationResult, Source.ValidationResult>(true),
      same<Declared.ValidateErrorReason, Source.ValidateErrorReason>(true),
      same<Declared.ValidateError, Source.ValidateError>(true),
      same<ConstructorParameters<typeof Declared.ValidateError>, ConstructorParameters<typeof Source.ValidateError>>(
        true,
      ),
      same<Declared.FileChange, Source.FileChange>(true),
      same<Declared.AppliedFix, Source.AppliedFix>(true),
      same<Declared.FixOptions, Source.FixOptions>(true),
      same<Declared.FixResult, Source.FixResult>(true),
      same<typeof Declared.CONFIG_FILE, typeof Source.CONFIG_FILE>(true),
      same<typeof Declared.validate, typeof Source.validate>(true),
      same<typeof Declared.fix, typeof Source.fix>(true),
      same<typeof Declared.init, typeof Source.init>(true),
    ];
    expect(checks.every(Boolean)).toBe(true);
  });

  it("declare every value the library exports, and nothing it does not", () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, TYPES_SOURCE), "utf8");
    const declared = [...text.matchAll(/^export declare (?:function|class|const) (\w+)/gm)].map((m) => m[1]).sort();
    expect(declared).toEqual(Object.keys(api).sort());
  });
});
