import { enableAccount } from "../../lib/enablement/enable/enable-account";
import { DEFAULT_ENABLE_OPTIONS } from "../../lib/enablement/options";
import { inspectAccount } from "../../lib/enablement/status/inspect-account";
import { buildTargets, type AccountTarget } from "../../lib/enablement/targets";
import { CI_ID, enablementConfig, firstUseRole, OPUS, outputsFor, SONNET } from "../helpers/fixtures";
import { FakeOrg } from "./fake-org";
import { captureLog, stepContext } from "./harness";

/** AWS routes a profile to a region the deployed invoke policy does not grant: found before any invocation. */
const config = enablementConfig();
const stacks = new Map(Object.entries(outputsFor(config)).map(([stack, outputs]) => [stack, { stack, source: "outputs.json", outputs }]));
const ci: AccountTarget = buildTargets(config, stacks, { accounts: ["ci"] }).accounts[0];
let aws: FakeOrg;

beforeEach(() => {
  aws = new FakeOrg();
  aws.marketplaceRoles.add(firstUseRole(CI_ID));
});

describe("catalog drift", () => {
  it("fails the profile AWS now routes to an ungranted region, names the region and the fix, and does not invoke it", async () => {
    aws.extraDestinations.set(`us.${OPUS}`, ["ca-central-1"]);
    const log = captureLog();

    const report = await enableAccount(ci, { ...DEFAULT_ENABLE_OPTIONS, formJustSubmitted: false }, stepContext({ aws, log }));

    const opus = report.profiles.find((p) => p.invocationId === `us.${OPUS}`);
    expect(opus).toMatchObject({ status: "failed", action: "none", error: { kind: "catalog-drift" } });
    expect(opus?.error?.message).toMatch(
      /now routes to ca-central-1, which the deployed invoke policy does not grant.*catalog refresh.*cdktf deploy/,
    );
    expect(aws.calls("converse").map((c) => c.modelId)).not.toContain(`us.${OPUS}`);
    expect(aws.calls("getInferenceProfile")).toContainEqual({ profileId: `us.${OPUS}` });
    expect(report.profiles.filter((p) => p.invocationId !== `us.${OPUS}`).every((p) => p.status === "enabled")).toBe(true);
  });

  it("is reported by status, with the agreement as it is", async () => {
    aws.extraDestinations.set(`us.${SONNET}`, ["us-gov-west-1"]);

    const report = await inspectAccount(ci, { accountConcurrency: 2 }, stepContext({ aws, log: captureLog() }));

    expect(report.profiles.find((p) => p.invocationId === `us.${SONNET}`)).toMatchObject({
      status: "failed",
      agreement: "NOT_AVAILABLE",
      error: { kind: "catalog-drift" },
    });
    expect(report.profiles.filter((p) => p.invocationId !== `us.${SONNET}`).map((p) => p.error)).toEqual([undefined, undefined]);
  });

  it("does not compare global profiles, which the region-less ARN grants everywhere", async () => {
    aws.extraDestinations.set(`global.${SONNET}`, ["sa-east-1"]);

    const report = await inspectAccount(ci, { accountConcurrency: 2 }, stepContext({ aws, log: captureLog() }));

    expect(report.profiles.every((p) => p.error === undefined)).toBe(true);
    expect(aws.calls("getInferenceProfile").map((c) => c.profileId)).not.toContain(`global.${SONNET}`);
  });
});
