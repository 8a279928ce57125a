// ESLint for the whole tree: typescript-eslint's recommended rules, plus the type-aware rules that catch
// what tests rarely do (a promise nobody awaits, a cast that hides a wrong type). Formatting is Prettier's.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "cdktf.out/", ".gen/", ".sandbox/", "coverage/", "plans/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-unsafe-type-assertion": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Tests build partial fakes and read back JSON they wrote: casts there are the point.
    files: ["__tests__/**/*.ts"],
    rules: { "@typescript-eslint/no-unsafe-type-assertion": "off" },
  },
  {
    // A command's entry requires its code when it runs, and the process's io its AWS SDK clients when first used:
    // `--help` loads neither (lib/cli/command.ts); the package's entry loads the SDK only for enable and status.
    files: ["lib/cli/commands/**/index.ts", "lib/cli/io.ts", "lib/api/index.ts"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["**/*.js", "**/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", module: "writable", __dirname: "readonly", process: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  prettier,
);
