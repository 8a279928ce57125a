import { resolveAccountProfiles } from "../config/account-profiles";
import type { ProfileKind } from "../domain/catalog/catalog";
import type { AccessConfig, RuntimeAccount } from "../config/schema";
import { parseArn } from "../domain/arn";
import { MANAGEMENT_STACK_NAME, runtimeStackName, type RuntimeOutputs, type RuntimeRoleOutput } from "../contracts/stack-outputs/schema";
import { InputError } from "../core/errors";
import { parseManagementOutputs, parseRuntimeOutputs, type StackOutputs } from "../contracts/stack-outputs/read";
import { formData, optInFormRegions, type UseCaseFormData } from "../domain/use-case-form";

export interface TargetFilters {
  /** Account names or ids. @default - every account */
  readonly accounts?: readonly string[];
  /** Base model ids. @default - every model */
  readonly models?: readonly string[];
  readonly regions?: readonly string[];
}

export interface UseCaseTarget {
  readonly accountId: string;
  readonly roleArn: string;
  readonly region: string;
  readonly form: UseCaseFormData;
  /**
   * "organization": the management account's form, which member accounts inherit in every commercial Region but opt-in
   * ones; "opt-in-region": a runtime account's own form in one opt-in Region.
   */
  readonly scope: "organization" | "opt-in-region";
  /** Who submits, in progress lines: `management (111111111111)`, or the runtime account. */
  readonly group: string;
}

export interface ProfileTarget {
  readonly region: string;
  readonly modelId: string;
  readonly kind: ProfileKind;
  /** What Converse is called with. */
  readonly invocationId: string;
  /** Regions whose foundation-model ARN the deployed invoke policy grants for this profile (stack outputs). */
  readonly grantedRegions: readonly string[];
}

/** A target's source Region and kind, as the domain's functions of resolved profiles take them. */
const asResolved = (p: ProfileTarget) => ({ sourceRegion: p.region, kind: p.kind });

/** The fields that name a profile in the report. */
export const profileIdentity = (p: ProfileTarget) => ({ region: p.region, modelId: p.modelId, kind: p.kind, invocationId: p.invocationId });

/** Where a call for the profile happened, for failure messages (the role is added by the caller). */
export const profileWhere = (account: AccountTarget, p: ProfileTarget) => ({
  accountName: account.name,
  accountId: account.accountId,
  region: p.region,
  modelId: p.modelId,
  invocationId: p.invocationId,
});

export interface AccountTarget {
  readonly name: string;
  readonly accountId: string;
  readonly firstUseRoleArn: string;
  /** A runtime role the pipeline may assume: proves ordinary roles invoke without Marketplace permissions. */
  readonly proofRole?: RuntimeRoleOutput;
  readonly profiles: readonly ProfileTarget[];
  /** The use-case form in each opt-in Region the account calls bedrock-runtime from, submitted by its first-use role. */
  readonly optInForms: readonly UseCaseTarget[];
}

/** What enable and status act on, derived from the config (the source of truth) and checked against the stack outputs. */
export interface EnablementTargets {
  readonly useCase: UseCaseTarget;
  readonly accounts: readonly AccountTarget[];
}

/**
 * Builds the targets. Every problem (unknown filter values, a stack without outputs, an account id or role
 * ARN that does not match the config, outputs older than the config) is collected and thrown as one
 * InputError, before any AWS call.
 */
export function buildTargets(
  config: AccessConfig,
  stacks: ReadonlyMap<string, StackOutputs>,
  filters: TargetFilters = {},
): EnablementTargets {
  checkFilters(config, filters);
  const problems: string[] = [];
  const useCase = useCaseTarget(config, stacks, problems);
  const accounts = config.accounts
    .filter((account) => !filters.accounts || filters.accounts.some((f) => f === account.name || f === account.id))
    .flatMap((account) => {
      const target = accountTarget(config, account, stacks, problems);
      if (!target) return [];
      const profiles = target.profiles.filter(
        (p) => (!filters.models || filters.models.includes(p.modelId)) && (!filters.regions || filters.regions.includes(p.region)),
      );
      const regions = optInFormRegions(profiles.map(asResolved));
      const optInForms = target.optInForms.filter((form) => regions.includes(form.region));
      return profiles.length > 0 ? [{ ...target, profiles, optInForms }] : [];
    });
  if (problems.length > 0 || !useCase) throw new InputError("stack outputs: inconsistent with the config", problems);
  if (accounts.length === 0) throw new InputError("filters", ["--accounts, --models and --regions together select no model profile"]);
  return { useCase, accounts };
}

/** Unknown --accounts, --models or --regions values, all at once, as one InputError. */
export function checkFilters(config: AccessConfig, filters: TargetFilters): void {
  const problems: string[] = [];
  const check = (flag: string, values: readonly string[] | undefined, known: readonly string[]) => {
    for (const value of values ?? []) {
      if (!known.includes(value)) problems.push(`${flag}: ${JSON.stringify(value)} is not configured; expected one of ${known.join(", ")}`);
    }
  };
  check(
    "--accounts",
    filters.accounts,
    config.accounts.flatMap((a) => [a.name, a.id]),
  );
  check(
    "--models",
    filters.models,
    config.models.map((m) => m.id),
  );
  check("--regions", filters.regions, [...new Set(config.accounts.flatMap((a) => a.regions))]);
  if (problems.length > 0) throw new InputError("filters: unknown values", problems);
}

/** Shape errors of one stack join the other problems instead of hiding them. */
function collect<T>(parse: () => T, problems: string[]): T | undefined {
  try {
    return parse();
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    problems.push(...err.problems);
    return undefined;
  }
}

function accountOf(arn: string): string | undefined {
  return parseArn(arn)?.account;
}

function useCaseTarget(config: AccessConfig, stacks: ReadonlyMap<string, StackOutputs>, problems: string[]): UseCaseTarget | undefined {
  const stack = stacks.get(MANAGEMENT_STACK_NAME);
  if (!stack) {
    problems.push(
      `${MANAGEMENT_STACK_NAME}: no outputs for the management stack; expected them in the outputs file (cdktf deploy '*' --outputs-file outputs.json)`,
    );
    return undefined;
  }
  const outputs = collect(() => parseManagementOutputs(stack), problems);
  if (!outputs) return undefined;
  const { id } = config.managementAccount;
  const at = (name: string) => `${MANAGEMENT_STACK_NAME}.${name}`;
  if (outputs.account_id !== id) problems.push(`${at("account_id")}: expected managementAccount.id ${id} (got "${outputs.account_id}")`);
  if (accountOf(outputs.use_case_submitter_role_arn) !== id) {
    problems.push(`${at("use_case_submitter_role_arn")}: expected a role in account ${id} (got "${outputs.use_case_submitter_role_arn}")`);
  }
  if (outputs.use_case_region !== config.useCaseForm.region) {
    problems.push(
      `${at("use_case_region")}: expected useCaseForm.region ${config.useCaseForm.region} (got "${
        outputs.use_case_region
      }"); run cdktf deploy`,
    );
  }
  return {
    accountId: id,
    roleArn: outputs.use_case_submitter_role_arn,
    region: outputs.use_case_region,
    form: formData(config.useCaseForm),
    scope: "organization",
    group: `management (${id})`,
  };
}

function accountTarget(
  config: AccessConfig,
  account: RuntimeAccount,
  stacks: ReadonlyMap<string, StackOutputs>,
  problems: string[],
): AccountTarget | undefined {
  const name = runtimeStackName(account.name);
  const stack = stacks.get(name);
  if (!stack) {
    problems.push(
      `${name}: no outputs for account ${account.name} (${account.id}); expected stack ${name} in the outputs (run cdktf deploy for it)`,
    );
    return undefined;
  }
  const outputs = collect(() => parseRuntimeOutputs(stack), problems);
  if (!outputs) return undefined;
  const before = problems.length;
  checkRuntimeOutputs(name, account, outputs, problems);
  const byKey = new Map(outputs.model_profiles.map((p) => [`${p.region}|${p.model_id}|${p.kind}`, p]));
  const profiles = resolveAccountProfiles(config, account).map((profile): ProfileTarget => {
    const output = byKey.get(`${profile.sourceRegion}|${profile.modelId}|${profile.kind}`);
    const label = `${profile.modelId} (${profile.kind}) in ${profile.sourceRegion}`;
    if (!output) problems.push(`${name}.model_profiles: no entry for ${label}; the outputs are older than the config: run cdktf deploy`);
    else if (output.invocation_id !== profile.invocationId) {
      problems.push(`${name}.model_profiles: ${label}: expected invocation_id "${profile.invocationId}" (got "${output.invocation_id}")`);
    }
    return {
      region: profile.sourceRegion,
      modelId: profile.modelId,
      kind: profile.kind,
      invocationId: profile.invocationId,
      grantedRegions: output?.destination_regions ?? [],
    };
  });
  if (problems.length > before) return undefined;
  const proofRole = outputs.runtime_roles.find((r) => r.pipeline_assumable);
  const optInForms = optInFormRegions(profiles.map(asResolved)).map((region): UseCaseTarget => ({
    accountId: account.id,
    roleArn: outputs.first_use_role_arn,
    region,
    form: formData(config.useCaseForm),
    scope: "opt-in-region",
    group: `${account.name} (${account.id})`,
  }));
  return {
    name: account.name,
    accountId: account.id,
    firstUseRoleArn: outputs.first_use_role_arn,
    ...(proofRole && { proofRole }),
    profiles,
    optInForms,
  };
}

function checkRuntimeOutputs(stack: string, account: RuntimeAccount, outputs: RuntimeOutputs, problems: string[]): void {
  const at = (field: string) => `${stack}.${field}`;
  if (outputs.account_id !== account.id)
    problems.push(`${at("account_id")}: expected ${account.id}, the id of account ${account.name} (got "${outputs.account_id}")`);
  const arns: [string, string][] = [
    ["first_use_role_arn", outputs.first_use_role_arn],
    ["invoke_policy_arn", outputs.invoke_policy_arn],
    ...outputs.runtime_roles.map((r, i): [string, string] => [`runtime_roles[${i}].arn`, r.arn]),
  ];
  for (const [field, arn] of arns) {
    if (accountOf(arn) !== account.id) problems.push(`${at(field)}: expected an ARN in account ${account.id} (got "${arn}")`);
  }
  const configured = [...account.regions].sort().join(", ");
  const deployed = [...outputs.regions].sort().join(", ");
  if (configured !== deployed)
    problems.push(`${at("regions")}: expected [${configured}] as in the config (got [${deployed}]); run cdktf deploy`);
}
