import { buildTargets } from "../../lib/enablement/targets";
import { readStackOutputs, type StackOutputs } from "../../lib/contracts/stack-outputs/read";
import { tempDir, writeJson } from "../helpers/files";
import { CI_ID, enablementConfig, firstUseRole, OPUS, outputsFor, runtimeRole, SONNET, SUBMITTER_ROLE } from "../helpers/fixtures";

const config = enablementConfig();

function stacks(mutate: (outputs: ReturnType<typeof outputsFor>) => void = () => undefined): Map<string, StackOutputs> {
  const outputs = outputsFor(config);
  mutate(outputs);
  return new Map(Object.entries(outputs).map(([stack, values]) => [stack, { stack, source: "outputs.json", outputs: values }]));
}

describe("buildTargets", () => {
  it("plans the form and every configured profile, with the roles from the outputs", () => {
    const plan = buildTargets(config, stacks());

    expect(plan.useCase).toMatchObject({ accountId: "111111111111", roleArn: SUBMITTER_ROLE, region: "us-east-1" });
    expect(plan.accounts.map((a) => [a.name, a.firstUseRoleArn, a.proofRole?.arn])).toEqual([
      ["ci", firstUseRole(CI_ID), runtimeRole(CI_ID)],
      ["research", firstUseRole("333333333333"), undefined],
    ]);
    expect(plan.accounts[0].profiles.map((p) => p.invocationId)).toEqual([`us.${SONNET}`, `global.${SONNET}`, `us.${OPUS}`]);
    expect(plan.accounts[1].profiles.map((p) => `${p.region} ${p.invocationId}`)).toEqual([
      `eu-west-1 eu.${SONNET}`,
      `eu-west-1 global.${SONNET}`,
    ]);
  });

  it("filters by account (name or id), model and region", () => {
    expect(buildTargets(config, stacks(), { accounts: ["research"] }).accounts.map((a) => a.name)).toEqual(["research"]);
    expect(buildTargets(config, stacks(), { accounts: [CI_ID], models: [OPUS] }).accounts[0].profiles.map((p) => p.invocationId)).toEqual([
      `us.${OPUS}`,
    ]);
    expect(buildTargets(config, stacks(), { regions: ["eu-west-1"] }).accounts.map((a) => a.name)).toEqual(["research"]);
  });

  it("rejects unknown filter values, listing the configured ones", () => {
    expect(() => buildTargets(config, stacks(), { accounts: ["prod"], regions: ["us-west-2"] })).toThrow(
      /--accounts: "prod" is not configured; expected one of ci, 222222222222, research, 333333333333\n.*--regions: "us-west-2" is not configured; expected one of us-east-1, eu-west-1/,
    );
  });

  it("rejects filters that together select nothing", () => {
    expect(() => buildTargets(config, stacks(), { accounts: ["research"], models: [OPUS] })).toThrow(/select no model profile/);
  });

  it("fails before any AWS call when an account in the config has no outputs", () => {
    expect(() =>
      buildTargets(
        config,
        stacks((o) => delete o["runtime-research"]),
      ),
    ).toThrow(/runtime-research: no outputs for account research \(333333333333\); expected stack runtime-research in the outputs/);
  });

  it("ignores missing outputs of accounts the filters leave out", () => {
    expect(
      buildTargets(
        config,
        stacks((o) => delete o["runtime-research"]),
        { accounts: ["ci"] },
      ).accounts,
    ).toHaveLength(1);
  });

  it("reports every inconsistency at once: account ids, role ARNs in other accounts, regions, stale profiles", () => {
    const broken = stacks((o) => {
      o.management.use_case_submitter_role_arn = "arn:aws:iam::999999999999:role/bedrock/bedrock-ftu-submitter";
      o["runtime-ci"].first_use_role_arn = "arn:aws:iam::999999999999:role/bedrock/bedrock-first-use";
      o["runtime-ci"].regions = ["us-east-1", "us-west-2"];
      o["runtime-research"].account_id = "444444444444";
      o["runtime-research"].model_profiles = (o["runtime-research"].model_profiles as { kind: string }[]).filter(
        (p) => p.kind !== "global",
      );
    });

    let message = "";
    try {
      buildTargets(config, broken);
    } catch (err) {
      message = (err as Error).message;
    }

    expect(message).toMatch(
      /management.use_case_submitter_role_arn: expected a role in account 111111111111 \(got "arn:aws:iam::999999999999:/,
    );
    expect(message).toMatch(/runtime-ci.first_use_role_arn: expected an ARN in account 222222222222 \(got "arn:aws:iam::999999999999:/);
    expect(message).toMatch(
      /runtime-ci.regions: expected \[us-east-1\] as in the config \(got \[us-east-1, us-west-2\]\); run cdktf deploy/,
    );
    expect(message).toMatch(/runtime-research.account_id: expected 333333333333, the id of account research \(got "444444444444"\)/);
    expect(message).toMatch(
      /runtime-research.model_profiles: no entry for anthropic.claude-sonnet-4-6 \(global\) in eu-west-1; the outputs are older than the config/,
    );
  });

  it("reports outputs that break the contract together with the other problems", () => {
    expect(() =>
      buildTargets(
        config,
        stacks((o) => delete o.management.use_case_region),
      ),
    ).toThrow(/management.use_case_region: .* \(missing\)/);
  });

  it("reads the same plan from a real outputs file", () => {
    const file = writeJson(tempDir(), "outputs.json", outputsFor(config));

    expect(buildTargets(config, readStackOutputs([file]))).toEqual(buildTargets(config, stacks()));
  });
});
