import { CreateRoleCommand, EntityAlreadyExistsException, PutRolePolicyCommand, type IAMClient } from "@aws-sdk/client-iam";
import {
  AlreadyInOrganizationException,
  CreateAccountCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  ListAccountsCommand,
} from "@aws-sdk/client-organizations";
import type { AccessConfig } from "../lib/config/schema";
import { parseRoleArn } from "../lib/domain/arn";
import { clientsInAccount } from "./aws-clients";

export interface SeededOrganization {
  readonly managementAccountId: string;
  readonly memberAccountIds: readonly string[];
  /** Roles created to stand in for what exists before our stacks: the pipeline role, the plan role, RunsOn roles. */
  readonly preexistingRoles: readonly string[];
}

const CATALOG_READ = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: ["bedrock:ListFoundationModels", "bedrock:ListInferenceProfiles", "bedrock:GetInferenceProfile"],
      Resource: "*",
    },
  ],
});
const EC2_TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
const accountRootTrust = (accountId: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: "sts:AssumeRole" }],
  });

/**
 * Seeds moto with the Organization the config describes: the management account creates the
 * Organization and one member account per runtime account (moto creates OrganizationAccountAccessRole
 * in each). Then it creates what exists before our stacks run: the pipeline role(s), the plan role(s) and the RunsOn roles.
 * Requires moto started with the config's member ids (sandbox/moto/serve.py). Safe to run twice.
 */
export async function seedOrganization(endpoint: string, config: AccessConfig): Promise<SeededOrganization> {
  const management = await clientsInAccount(endpoint, config.managementAccount.id);
  try {
    await management.organizations.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
  } catch (err) {
    if (!(err instanceof AlreadyInOrganizationException)) throw err;
  }
  const existing = new Set<string>();
  for (const account of (await management.organizations.send(new ListAccountsCommand({}))).Accounts ?? []) {
    if (account.Id) existing.add(account.Id);
  }
  for (const account of config.accounts.filter((a) => !existing.has(a.id))) {
    const created = await management.organizations.send(
      new CreateAccountCommand({
        AccountName: account.name,
        Email: `${account.name}@sandbox.invalid`,
        RoleName: account.terraformRoleName,
      }),
    );
    const status = await management.organizations.send(
      new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus?.Id }),
    );
    const id = status.CreateAccountStatus?.AccountId;
    if (id !== account.id) {
      throw new Error(
        `moto created account ${id} for ${account.name}, expected ${account.id}: start moto with sandbox/moto/serve.py and SANDBOX_ACCOUNT_IDS in config order`,
      );
    }
  }

  const preexistingRoles: string[] = [];
  for (const principal of config.managementAccount.pipelinePrincipals) {
    const role = parseRoleArn(principal);
    if (!role) continue;
    const { iam } = await clientsInAccount(endpoint, role.account);
    preexistingRoles.push(await ensureRole(iam, role.name, accountRootTrust(role.account)));
    // What `bedrock-access catalog refresh` needs, read-only (docs/catalog.md).
    await iam.send(new PutRolePolicyCommand({ RoleName: role.name, PolicyName: "bedrock-catalog-read", PolicyDocument: CATALOG_READ }));
  }
  // The pull-request plan job's role (docs/ci.md, "Read-only plans"): it holds nothing itself; it may assume the plan-reader roles.
  for (const principal of config.managementAccount.planPrincipals) {
    const role = parseRoleArn(principal);
    if (!role) continue;
    const { iam } = await clientsInAccount(endpoint, role.account);
    preexistingRoles.push(await ensureRole(iam, role.name, accountRootTrust(role.account)));
  }
  for (const account of config.accounts) {
    if (account.runsOnRoleNames.length === 0) continue;
    const { iam } = await clientsInAccount(endpoint, account.id, account.terraformRoleName);
    for (const name of account.runsOnRoleNames) preexistingRoles.push(await ensureRole(iam, name, EC2_TRUST));
  }
  return { managementAccountId: config.managementAccount.id, memberAccountIds: config.accounts.map((a) => a.id), preexistingRoles };
}

async function ensureRole(iam: IAMClient, name: string, trust: string): Promise<string> {
  try {
    const { Role } = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trust }));
    return Role?.Arn ?? name;
  } catch (err) {
    if (err instanceof EntityAlreadyExistsException) return `${name} (already there)`;
    throw err;
  }
}
