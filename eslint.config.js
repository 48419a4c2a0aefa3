// Lint for correctness and for regular expressions that could backtrack on hostile input;
// layout is Prettier's job (eslint-config-prettier turns the overlapping rules off).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import regexp from "eslint-plugin-regexp";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", ".cache/", "coverage/", "test/fixtures/", "skills/", "evals/", "dist/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  regexp.configs["flat/recommended"],
  {
    rules: {
      "regexp/no-super-linear-backtracking": ["error", { report: "potential" }],
      "regexp/no-super-linear-move": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      // Style-only regexp rules: not worth churn in patterns that are otherwise correct.
      "regexp/prefer-w": "off",
      "regexp/prefer-d": "off",
      "regexp/use-ignore-case": "off",
      "regexp/no-unused-capturing-group": "off",
      "regexp/prefer-character-class": "off",
      "regexp/no-useless-non-capturing-group": "off",
    },
  },
  prettier,
);
