/**
 * The layers of this project, lowest first; an import only goes down (see docs/architecture.md):
 *   lib/core (plumbing) → lib/domain (AWS facts, ARNs, names, policy primitives) → lib/config →
 *   lib/contracts (stack outputs, report) → applications (stacks/, lib/enablement, lib/plan-review, lib/catalog-sync, lib/preflight, lib/discovery) →
 *   compositions (lib/preflight-gate: the preflight as enable's gate, joining two applications) →
 *   entry points (main.ts, scripts/, bin/, lib/cli, lib/api: the package's programmatic entry).
 * sandbox/ is dev tooling on top; its Bedrock emulator is a separate program that imports nothing of ours.
 * `npm run lint:deps` checks this (and `npm test` runs it); __tests__/architecture shows a wrong import failing.
 */
const LAYERS = {
  core: "^lib/core/",
  domain: "^lib/domain/",
  config: "^lib/config/",
  contracts: "^lib/contracts/",
  applications: "^(stacks/|lib/enablement/|lib/plan-review/|lib/catalog-sync/|lib/preflight/|lib/discovery/)",
  compositions: "^lib/preflight-gate/",
  entry: "^(main\\.ts$|scripts/|bin/|lib/cli/|lib/api/)",
};
const above = (layer) => {
  const names = Object.keys(LAYERS);
  return names.slice(names.indexOf(layer) + 1).map((name) => LAYERS[name]);
};
const noUpward = (layer) => ({
  name: `${layer}-imports-only-below`,
  comment: `${layer} may import only the layers below it`,
  severity: "error",
  from: { path: LAYERS[layer] },
  to: { path: above(layer) },
});

module.exports = {
  forbidden: [
    ...["core", "domain", "config", "contracts", "applications", "compositions"].map(noUpward),
    {
      name: "applications-are-independent",
      comment: "stacks, enablement, preflight, discovery and plan review share only what lies below them",
      severity: "error",
      from: { path: "^(stacks|lib/enablement|lib/plan-review|lib/catalog-sync|lib/preflight|lib/discovery)/" },
      to: { path: "^(stacks|lib/enablement|lib/plan-review|lib/catalog-sync|lib/preflight|lib/discovery)/", pathNot: "^$1/" },
    },
    {
      name: "enable-and-status-are-siblings",
      comment: "status reads what enable writes; neither builds on the other (shared steps live in lib/enablement/steps)",
      severity: "error",
      from: { path: "^lib/enablement/(enable|status)/" },
      to: { path: "^lib/enablement/(enable|status)/", pathNot: "^lib/enablement/$1/" },
    },
    {
      name: "lib-files-belong-to-a-layer",
      comment: "a new folder under lib/ gets a place in LAYERS (and in docs/architecture.md) before it gets code",
      severity: "error",
      from: {
        path: "^lib/",
        pathNot: "^lib/(core|domain|config|contracts|enablement|plan-review|catalog-sync|preflight|discovery|preflight-gate|cli|api)/",
      },
      to: {},
    },
    {
      name: "private-folders-stay-private",
      comment: "a private/ folder holds internals of the folder above it (as aws-cdk's lib/private): only that folder imports them",
      severity: "error",
      from: { path: "^(.+)/[^/]+$", pathNot: "/private/" },
      to: { path: "/private/", pathNot: "^$1/private/" },
    },
    {
      name: "outputs-writer-only-in-stacks",
      comment: "the stacks write outputs (through cdktf); everything else reads them, and never pulls cdktf in",
      severity: "error",
      from: { pathNot: "^(stacks/|lib/contracts/stack-outputs/)" },
      to: { path: "^lib/contracts/stack-outputs/write\\.ts$" },
    },
    {
      name: "emulator-is-self-contained",
      comment: "the Bedrock emulator keeps its own copy of AWS's facts: it imports nothing outside its folder",
      severity: "error",
      from: { path: "^sandbox/bedrock-emulator/" },
      to: { dependencyTypesNot: ["npm", "npm-dev", "npm-optional", "npm-peer", "core"], pathNot: "^sandbox/bedrock-emulator/" },
    },
    {
      name: "product-never-imports-sandbox-or-tests",
      comment: "what users run never depends on the local sandbox or the tests",
      severity: "error",
      from: { path: "^(lib|stacks|scripts|bin)/|^main\\.ts$" },
      to: { path: "^(sandbox|__tests__)/" },
    },
    {
      name: "no-dev-dependencies-at-run-time",
      comment: "dev-only packages (the AGPL iam-simulate among them) never reach what users run",
      severity: "error",
      from: { path: "^(lib|stacks|scripts|bin)/|^main\\.ts$" },
      // bin/'s fallback for a git checkout without a build runs the TypeScript through tsx; the package runs dist/.
      to: { dependencyTypes: ["npm-dev"], pathNot: "(^|/)node_modules/tsx/" },
    },
    {
      name: "no-circular-modules",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-circular-folders",
      comment: "folders import each other in one direction only",
      severity: "error",
      scope: "folder",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-unresolvable",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|dist|cdktf\\.out|\\.gen|coverage)/" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
