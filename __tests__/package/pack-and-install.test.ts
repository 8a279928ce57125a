import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/files";

/**
 * What an adopter does: install the packed tarball into a cdktf app of their own, add our stacks next to theirs,
 * synthesize, and run the command. The package is built into a staging copy (never the checkout's dist/, which the
 * checkout's bin would then run in place of the sources other tests run), then packed as `npm pack` packs it.
 */
const PROJECT = join(__dirname, "..", "..");
const projectPackage = JSON.parse(readFileSync(join(PROJECT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
};
const run = (command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): string =>
  execFileSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });

interface PackResult {
  readonly filename: string;
  readonly size: number;
  readonly files: readonly { readonly path: string }[];
}

const dirs: string[] = [];
let packed: PackResult;
let app: string;

beforeAll(() => {
  const stage = tempDir();
  const out = tempDir();
  app = tempDir();
  dirs.push(stage, out, app);
  run("npx", ["tsc", "-p", "tsconfig.build.json", "--outDir", join(stage, "dist")], PROJECT);
  for (const file of ["package.json", "README.md", "LICENSE", "CHANGELOG.md"]) copyFileSync(join(PROJECT, file), join(stage, file));
  for (const dir of ["bin", "schema"]) cpSync(join(PROJECT, dir), join(stage, dir), { recursive: true });
  // prepack builds into dist/ from the sources, which the staging copy has not: it is built above.
  [packed] = JSON.parse(run("npm", ["pack", stage, "--pack-destination", out, "--ignore-scripts", "--json"], out)) as PackResult[];

  const { cdktf, constructs } = projectPackage.dependencies;
  const awsProvider = projectPackage.dependencies["@cdktf/provider-aws"];
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({
      name: "platform-infra",
      private: true,
      dependencies: { cdktf, constructs, "@cdktf/provider-aws": awsProvider, [projectPackage.name]: `file:${join(out, packed.filename)}` },
    }),
  );
  run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], app);
  copyFileSync(join(PROJECT, "bedrock-access.yaml"), join(app, "bedrock-access.yaml"));
}, 240_000);

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

it("ships the compiled code with its declarations, the command, the schema and the license; no sources, tests or sandbox", () => {
  const paths = packed.files.map((file) => file.path);
  expect(paths).toEqual(
    expect.arrayContaining([
      "bin/bedrock-access.js",
      "dist/lib/api/index.js",
      "dist/lib/api/index.d.ts",
      "dist/scripts/bedrock-access.js",
      "schema/bedrock-access.schema.json",
      "LICENSE",
      "CHANGELOG.md",
      "README.md",
    ]),
  );
  expect(paths.filter((path) => /\.ts$/.test(path) && !path.endsWith(".d.ts"))).toEqual([]);
  expect(paths.filter((path) => /^(__tests__|sandbox|bench|dist\/(__tests__|sandbox|bench))\//.test(path))).toEqual([]);
});

it("adds our stacks to an app that has a stack of its own, and synthesizes both", () => {
  writeFileSync(
    join(app, "main.js"),
    [
      `const { App, TerraformOutput, TerraformStack } = require("cdktf");`,
      `const { addBedrockAccessStacks } = require("${projectPackage.name}");`,
      `const app = new App();`,
      `const platform = new TerraformStack(app, "platform");`,
      `new TerraformOutput(platform, "team", { value: "platform" });`,
      `const { management, runtimeAccounts } = addBedrockAccessStacks(app, { configFile: "bedrock-access.yaml" });`,
      `platform.addDependency(management);`,
      `console.log(runtimeAccounts.length);`,
      `app.synth();`,
    ].join("\n"),
  );
  const outdir = join(app, "cdktf.out");
  expect(run("node", ["main.js"], app, { CDKTF_OUTDIR: outdir }).trim()).toBe("2");
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, unknown> };
  expect(Object.keys(manifest.stacks).sort()).toEqual(["management", "platform", "runtime-ci-prod", "runtime-ml-research"]);
  const platform = JSON.parse(readFileSync(join(outdir, "stacks", "platform", "cdk.tf.json"), "utf8")) as { output: unknown };
  expect(platform.output).toEqual({ team: { value: "platform" } });
});

it("runs the installed command, compiled, from the app: --help and validate", () => {
  const bin = realpathSync(join(app, "node_modules", ".bin", "bedrock-access"));
  expect(bin).toBe(realpathSync(join(app, "node_modules", projectPackage.name, "bin", "bedrock-access.js")));
  // No tsx in the app: the command can only run the compiled JavaScript.
  expect(existsSync(join(app, "node_modules", "tsx"))).toBe(false);
  expect(run("npx", ["--no-install", "bedrock-access", "--help"], app)).toMatch(/^Usage: bedrock-access/);
  const validate = spawnSync("npx", ["--no-install", "bedrock-access", "validate", "-c", "bedrock-access.yaml"], {
    cwd: app,
    encoding: "utf8",
  });
  expect({ status: validate.status, stderr: validate.stderr }).toEqual({
    status: 0,
    stderr: expect.stringMatching(/bedrock-access\.yaml: valid \(3 models, 2 accounts/),
  });
});
