import { readFileSync } from "node:fs";
import { deploySandbox, EXAMPLE_CONFIG, stopDeployed, type Deployed } from "../helpers/deployed-sandbox";
import { describeDeploy } from "../example-organization/deploy";
import { describeEnablement } from "../example-organization/enablement";
import { describeFaults } from "../example-organization/faults";
import { describePlanReview } from "../example-organization/plan-review";
import { describePreflight } from "../example-organization/preflight";

/**
 * The example Organization deployed once with the real `cdktf deploy` into the sandbox, then checked in
 * turn: what the deploy created, the plan review of pull-request changes planned against it, enablement end to end, enablement under faults, and preflight with a Region-deny SCP. Each part resets
 * the Bedrock emulator and puts back any IAM it changes, so the parts share the one deploy.
 */
jest.setTimeout(600_000);

let d: Deployed | undefined;

beforeAll(async () => {
  d = await deploySandbox(readFileSync(EXAMPLE_CONFIG, "utf8"), "example");
});

afterAll(() => stopDeployed(d));

const deployed = (): Deployed => {
  if (!d) throw new Error("the example Organization was not deployed");
  return d;
};

describeDeploy(deployed);
describePlanReview(deployed);
describeEnablement(deployed);
describeFaults(deployed);
// Last: it enables SCPs in the Organization (and removes the one it adds).
describePreflight(deployed);
