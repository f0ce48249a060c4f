import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "data/", "src/generated/", "node_modules/", "coverage/"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ["*.js", "*.cjs", "scripts/*.mjs"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A promise nobody awaits is an unhandled rejection waiting to crash the bot.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-unnecessary-condition": [
        "error",
        { allowConstantLoopConditions: true },
      ],
      "@typescript-eslint/no-confusing-void-expression": ["error", { ignoreArrowShorthand: true }],
      // Async methods that implement an interface need no await of their own.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    // The core knows no platform and no storage: channels, Prisma and infra stay outside it.
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["**/channels/**", "**/infra/**", "**/http/**", "**/queues/**", "**/app/**"],
              message: "src/core must not depend on channels, infra, http, queues or app.",
            },
            {
              group: ["**/generated/**", "@prisma/*", "pg", "bullmq", "grammy", "whatsapp-web.js"],
              message: "src/core speaks its own words (src/core/words.ts) and its ports.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["src/channels/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "**/generated/**",
                "@prisma/*",
                "**/infra/db/**",
                "**/queues/**",
                "**/app/**",
              ],
              message: "channels turn platform messages into the core's; they never touch storage.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { ...globals.node } },
  },
);
