/**
 * Two projects: `unit` needs nothing but Node (runs in `npm run test:unit`), `sandbox` starts moto, the
 * Bedrock emulator, cdktf or terraform. `npm test` runs both.
 */
const SANDBOX_SUITES = [
  "<rootDir>/__tests__/e2e/",
  "<rootDir>/__tests__/backend/",
  "<rootDir>/__tests__/sandbox/bedrock-emulator\\.test\\.ts$",
  "<rootDir>/__tests__/sandbox/bedrock-emulator-cli\\.test\\.ts$",
  "<rootDir>/__tests__/sandbox/bedrock-emulator-streaming\\.test\\.ts$",
  "<rootDir>/__tests__/sandbox/bedrock-emulator-mantle\\.test\\.ts$",
];

/** @type {import('jest').Config} */
const common = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  // Transpile only (tsconfig has isolatedModules): `tsc --noEmit` type-checks once, before jest.
  transform: { "^.+\\.ts$": "ts-jest" },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
};

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...common, displayName: "unit", testPathIgnorePatterns: ["/node_modules/", ...SANDBOX_SUITES] },
    { ...common, displayName: "sandbox", testMatch: undefined, testRegex: SANDBOX_SUITES.map((p) => p.replace("<rootDir>/", "")) },
  ],
  testTimeout: 30000,
};
