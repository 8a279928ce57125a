import { Testing } from "cdktf";
import { configTargets } from "../../lib/preflight-gate/targets";
import type { AccessConfig } from "../../lib/config/schema";
import { ownResources } from "../../lib/domain/names";
import { ManagementStack } from "../../stacks/management-stack";
import { RuntimeAccountStack } from "../../stacks/runtime-account-stack";
import { MANAGEMENT_ID, MODELS_THAT_SPLIT_THE_INVOKE_POLICY, stackConfig, type RawConfig } from "../helpers/fixtures";
import { asList, Synthesized } from "../helpers/synth";

/**
 * The roles and policies the stacks create are the ones preflight checks (before deploy, from the config alone) and
 * the plan-reader role may read, so that none of them can name a role the stacks do not create.
 */
const PLAN_ROLE = `arn:aws:iam::${MANAGEMENT_ID}:role/platform-plan`;
const withPlanPrincipals = (raw: RawConfig) => ((raw.managementAccount as Record<string, unknown>).planPrincipals = [PLAN_ROLE]);

const CONFIGS: [string, AccessConfig][] = [
  ["the stack config (runtime and GitHub OIDC roles, default prefix)", stackConfig(withPlanPrincipals)],
  [
    "another prefix and path, no runtime role, a split invoke policy",
    stackConfig((raw) => {
      withPlanPrincipals(raw);
      Object.assign(raw.iam as Record<string, unknown>, { namePrefix: "acme-", rolePath: "/platform/ai/" });
      raw.models = MODELS_THAT_SPLIT_THE_INVOKE_POLICY;
      raw.accounts[0].regions = ["us-east-1", "us-west-2"];
      raw.accounts[0].trustedPrincipals = [];
    }),
  ],
];

interface Created {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
}

/** What the synthesized stack creates of `type`, with the ARN AWS gives it (from its account, path and name). */
function created(out: Synthesized, type: "aws_iam_role" | "aws_iam_policy", accountId: string): Created[] {
  const kind = type === "aws_iam_role" ? "role" : "policy";
  return Object.entries(out.resources[type] ?? {}).map(([id, body]) => {
    const name = String(body.name);
    const path = String(body.path);
    return { id, name, path, arn: `arn:aws:iam::${accountId}:${kind}${path}${name}` };
  });
}

const named = (resources: readonly { name: string; path: string }[]) =>
  resources.map(({ name, path }) => ({ name, path })).sort((a, b) => a.name.localeCompare(b.name));
const byId = (resources: readonly Created[], prefix: string) => resources.find((r) => r.id.startsWith(prefix));
const providerRoles = (out: Synthesized) =>
  (out.root.provider as { aws: { assume_role: { role_arn: string }[] }[] }).aws.flatMap((p) => p.assume_role.map((a) => a.role_arn));
const readScope = (out: Synthesized) => out.inlinePolicy("plan-read").Statement.flatMap((s) => asList(s.Resource));

describe.each(CONFIGS)("our names and ARNs (lib/domain/names.ts), %s", (_, config) => {
  const account = config.accounts[0];
  const app = Testing.app();
  const runtime = new Synthesized(new RuntimeAccountStack(app, "runtime", { config, account, providerRole: "plan" }));
  const management = new Synthesized(new ManagementStack(app, "management", { config, providerRole: "plan" }));
  const roles = created(runtime, "aws_iam_role", account.id);
  const policies = created(runtime, "aws_iam_policy", account.id);
  const own = ownResources(account.id, config.iam);
  const managementOwn = ownResources(config.managementAccount.id, config.iam);

  it("are the names and paths the stacks create", () => {
    expect(named(roles)).toEqual(
      named([
        own.firstUseRole,
        ...(account.trustedPrincipals.length > 0 ? [own.runtimeRole] : []),
        ...(account.githubOidc ? [own.githubOidcRole(account.githubOidc.roleName)] : []),
        own.planReaderRole,
      ]),
    );
    expect(named(policies)).toEqual(named(policies.map((_, i) => own.invokePolicy(i))));
    expect(named(created(management, "aws_iam_role", config.managementAccount.id))).toEqual(
      named([managementOwn.useCaseSubmitterRole, managementOwn.planReaderRole]),
    );
  });

  it("are the roles preflight --before-deploy checks", () => {
    const [target] = configTargets(config, {}).accounts;
    expect(target.firstUseRoleArn).toBe(byId(roles, "first-use_role")?.arn);
    expect(target.proofRoleArn).toBe(byId(roles, "runtime_role")?.arn);
  });

  it("are what the plan-reader role may read, and the role read-only plans assume", () => {
    expect(readScope(runtime)).toEqual(expect.arrayContaining([...roles, ...policies].map((r) => r.arn)));
    expect(providerRoles(runtime)).toEqual([byId(roles, "plan-reader_role")?.arn]);
    const managementRoles = created(management, "aws_iam_role", config.managementAccount.id);
    expect(readScope(management)).toEqual(expect.arrayContaining(managementRoles.map((r) => r.arn)));
    expect(providerRoles(management)).toEqual([byId(managementRoles, "plan-reader_role")?.arn]);
  });
});
