import {
  GetOpenIDConnectProviderCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { resolveAccountProfiles } from "../../lib/config/account-profiles";
import type { AccessConfig } from "../../lib/config/schema";
import { invokePolicies } from "../../lib/domain/iam/bedrock-policies";
import { managementOutputsSchema, runtimeOutputsSchema } from "../../lib/contracts/stack-outputs/schema";
import { clientsInAccount } from "../../sandbox/aws-clients";
import { runCommand } from "../../lib/core/process";
import { cleanEnv } from "../../sandbox/sandbox";
import type { Deployed } from "../helpers/deployed-sandbox";

const documentOf = (encoded: string | undefined) => JSON.parse(decodeURIComponent(encoded ?? "")) as unknown;

/**
 * The example Organization (management + 2 runtime accounts) deployed with the real `cdktf deploy`
 * into moto, providers assuming OrganizationAccountAccessRole in each account.
 */
export function describeDeploy(deployed: () => Deployed): void {
  let d: Deployed;
  let config: AccessConfig;
  let iamIn: (accountId: string) => Promise<IAMClient>;
  beforeAll(() => {
    d = deployed();
    config = d.sandbox.config;
    iamIn = async (accountId) => (await clientsInAccount(d.sandbox.moto.endpoint, accountId)).iam;
  });

  describe("cdktf deploy of the example Organization into moto", () => {
    it("deploys the management stack and one stack per runtime account", () => {
      const outputs = JSON.parse(readFileSync(d.outputsFile, "utf8")) as Record<string, unknown>;
      expect(Object.keys(outputs).sort()).toEqual(["management", "runtime-ci-prod", "runtime-ml-research"]);
      expect(managementOutputsSchema.parse(outputs.management).use_case_submitter_role_arn).toBe(
        "arn:aws:iam::111111111111:role/bedrock/bedrock-ftu-submitter",
      );
      const ciProd = runtimeOutputsSchema.parse(outputs["runtime-ci-prod"]);
      expect(ciProd.first_use_role_arn).toBe("arn:aws:iam::222222222222:role/bedrock/bedrock-first-use");
      expect(ciProd.runtime_roles.map((r) => [r.arn, r.kind])).toEqual([
        ["arn:aws:iam::222222222222:role/bedrock/bedrock-runtime", "plain"],
        ["arn:aws:iam::222222222222:role/runs-on-RunnerInstanceRole", "runs-on"],
      ]);
      expect(runtimeOutputsSchema.parse(outputs["runtime-ml-research"]).account_id).toBe("333333333333");
    });

    it("creates the roles in each account with the configured path and policies", async () => {
      const iam = await iamIn("222222222222");
      const { Role } = await iam.send(new GetRoleCommand({ RoleName: "bedrock-first-use" }));
      expect(Role).toMatchObject({ Path: "/bedrock/", MaxSessionDuration: 3600 });
      expect(Role?.Tags).toEqual(expect.arrayContaining([{ Key: "ManagedBy", Value: "bedrock-org-access" }]));
      const inline = await iam.send(new GetRolePolicyCommand({ RoleName: "bedrock-first-use", PolicyName: "first-use-marketplace" }));
      expect(JSON.stringify(documentOf(inline.PolicyDocument))).toContain("aws-marketplace:Subscribe");

      const invokeArn = "arn:aws:iam::222222222222:policy/bedrock/bedrock-invoke";
      const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: invokeArn }));
      const version = await iam.send(new GetPolicyVersionCommand({ PolicyArn: invokeArn, VersionId: Policy?.DefaultVersionId }));
      const [expectedDocument] = invokePolicies(resolveAccountProfiles(config, config.accounts[0]));
      const expected = expectedDocument.toJSON();
      expect(documentOf(version.PolicyVersion?.Document)).toEqual(expected);

      for (const role of ["bedrock-first-use", "bedrock-runtime", "runs-on-RunnerInstanceRole"]) {
        const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: role }));
        expect(attached.AttachedPolicies?.map((p) => p.PolicyArn)).toEqual([invokeArn]);
      }
    });

    it("leaves the runtime roles without any inline (Marketplace) policy", async () => {
      for (const [account, role] of [
        ["222222222222", "bedrock-runtime"],
        ["333333333333", "bedrock-runtime"],
        ["333333333333", "bedrock-github-actions"],
      ]) {
        const iam = await iamIn(account);
        expect((await iam.send(new ListRolePoliciesCommand({ RoleName: role }))).PolicyNames).toEqual([]);
      }
    });

    it("creates the GitHub OIDC provider and a repository-pinned trust in the second account", async () => {
      const iam = await iamIn("333333333333");
      const providerArn = "arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com";
      const provider = await iam.send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn }));
      expect(provider.ClientIDList).toEqual(["sts.amazonaws.com"]);
      const { Role } = await iam.send(new GetRoleCommand({ RoleName: "bedrock-github-actions" }));
      const trust = documentOf(Role?.AssumeRolePolicyDocument) as { Statement: { Principal: unknown; Condition: unknown }[] };
      expect(trust.Statement[0].Principal).toEqual({ Federated: providerArn });
      expect(trust.Statement[0].Condition).toEqual({
        StringEquals: {
          "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
          "token.actions.githubusercontent.com:sub": [
            "repo:example-org/agents:ref:refs/heads/main",
            "repo:example-org/model-evals:environment:research",
            "repo:example-org/model-evals:ref:refs/heads/main",
          ],
        },
      });
    });

    it("creates only the FTU-submitter role in the management account", async () => {
      const iam = await iamIn("111111111111");
      const inline = await iam.send(new GetRolePolicyCommand({ RoleName: "bedrock-ftu-submitter", PolicyName: "submit-use-case-form" }));
      expect(documentOf(inline.PolicyDocument)).toMatchObject({
        Statement: [{ Action: ["bedrock:GetUseCaseForModelAccess", "bedrock:PutUseCaseForModelAccess"] }],
      });
    });

    // What a second `cdktf deploy` would do, without its synth and apply steps: `terraform plan` of every deployed stack.
    it("is a no-op when deployed a second time: every stack plans no changes", async () => {
      const stacks = ["management", "runtime-ci-prod", "runtime-ml-research"];
      const plans = await Promise.all(
        stacks.map((stack) =>
          runCommand("terraform", ["plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock=false"], {
            cwd: join(d.work, "cdktf.out", "stacks", stack),
            env: { ...cleanEnv(), ...d.sandbox.env },
          }),
        ),
      );
      for (const [i, plan] of plans.entries()) {
        // -detailed-exitcode: 0 no changes, 2 changes, 1 error.
        expect([stacks[i], plan.exitCode, plan.exitCode === 0 ? "" : plan.output.slice(-2000)]).toEqual([stacks[i], 0, ""]);
        expect(plan.stdout).toMatch(/No changes\./);
      }
    });
  });
}
