import { readFileSync } from "node:fs";
import { PROJECT } from "../project";
import { join } from "node:path";
import { valueAt } from "../../lib/core/validation";

/** What a newcomer runs: the README's set-up commands, each needing a different set of tools. */
export type Target = "demo" | "test" | "unit";

export const TARGET_COMMANDS: Readonly<Record<Target, string>> = {
  demo: "npm run demo",
  test: "npm test",
  unit: "npm run test:unit",
};

/** package.json `engines.node`: the Node.js versions the project supports (and `.ci/run` tests on). */
export function nodeVersions(project: string = PROJECT): string {
  const range = valueAt(JSON.parse(readFileSync(join(project, "package.json"), "utf8")), ["engines", "node"]);
  if (typeof range !== "string") throw new Error(`${join(project, "package.json")} has no engines.node`);
  return range;
}

/**
 * Terraform 1.10 or later. The stacks read `terraform.applying` (stacks/account-provider.ts: "The terraform.applying
 * symbol is available in Terraform v1.10 and later", https://developer.hashicorp.com/terraform/language/functions/terraform-applying;
 * __tests__/e2e/provider-by-caller.test.ts runs it) and the S3 backend's `use_lockfile`, on by default
 * (stacks/backend.ts; "S3 Native State Locking", https://developer.hashicorp.com/terraform/language/v1.10.x/upgrade-guides).
 */
export const TERRAFORM_VERSIONS = ">=1.10.0";

/**
 * aws CLI version 1. __tests__/sandbox/bedrock-emulator-cli.test.ts passes `--form-data` as text, which v1 sends as
 * is; v2 reads blob arguments as base64 by default (`cli_binary_format`,
 * https://docs.aws.amazon.com/sdkref/latest/guide/setting-global-cli_binary_format.html), and the test runs with
 * AWS_CONFIG_FILE=/dev/null, so no setting changes that.
 */
export const AWS_CLI_VERSIONS = "1.x";

/** The tests that run the aws CLI. */
export const AWS_CLI_SUITES = ["__tests__/sandbox/bedrock-emulator-cli.test.ts", "__tests__/e2e/example-organization.test.ts"];
