/**
 * Three projects:
 * - `unit` needs nothing but Node (runs in `npm run test:unit`);
 * - `emulator` starts moto and the Bedrock emulator, nothing heavier: light enough to run beside `unit`;
 * - `sandbox` runs cdktf or terraform (deploys, plans, validates): the heavy suites, one at a time (`--runInBand`).
 * `npm test` runs the checks, `unit` + `emulator` (one worker) and `sandbox` side by side; `sandbox` with GOGC=400, so
 * terraform and the AWS provider (Go) spend less CPU collecting garbage (about 13% of a deploy's CPU, for about 15% more
 * memory per process).
 */
const EMULATOR_SUITES = [
  "<rootDir>/__tests__/sandbox/bedrock-emulator\\.test\\.ts$",
  "<rootDir>/__tests__/sandbox/bedrock-emulator-cli\\.test\\.ts$",
  "<rootDir>/__tests__/sandbox/bedrock-emulator-streaming\\.test\\.ts$",
  "<rootDir>/__tests__/sandbox/bedrock-emulator-mantle\\.test\\.ts$",
];
const HEAVY_SUITES = ["<rootDir>/__tests__/e2e/", "<rootDir>/__tests__/backend/", "<rootDir>/__tests__/package/"];

/**
 * Transpile only, with swc (tsconfig has isolatedModules): `tsc --noEmit` type-checks once, beside jest. The options
 * follow tsconfig.json: ES2022, CommonJS with esModuleInterop's helpers, define semantics for class fields. @swc/jest
 * adds jest.mock hoisting and inline source maps (stack traces point at the .ts lines).
 */
const swc = [
  "@swc/jest",
  {
    jsc: { parser: { syntax: "typescript" }, target: "es2022", transform: { useDefineForClassFields: true } },
    module: { type: "commonjs" },
  },
];

/** @type {import('jest').Config} */
const common = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": swc },
  setupFilesAfterEnv: ["<rootDir>/__tests__/setup.ts"],
};

const only = (patterns) => ({ testMatch: undefined, testRegex: patterns.map((p) => p.replace("<rootDir>/", "")) });

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...common, displayName: "unit", testPathIgnorePatterns: ["/node_modules/", ...EMULATOR_SUITES, ...HEAVY_SUITES] },
    { ...common, displayName: "emulator", ...only(EMULATOR_SUITES) },
    { ...common, displayName: "sandbox", ...only(HEAVY_SUITES) },
  ],
  testTimeout: 30000,
};
