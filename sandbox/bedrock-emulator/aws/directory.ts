import { AWSOrganizationsNotInUseException, DescribeOrganizationCommand } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { loadPrincipalPolicies, type PrincipalPolicies } from "./identity-policies";
import { MotoSessions, type MotoConnection } from "./moto-sessions";
import { parsePrincipal, type CallerIdentity } from "./principal";
import { loadScps, type ScpLevels } from "./scps";

/** What the emulator asks of the AWS it runs beside (moto): who is calling, what may they do, which Organization. */
export interface AwsDirectory {
  callerIdentity(accessKeyId: string, sessionToken?: string): Promise<CallerIdentity>;
  principalPolicies(caller: CallerIdentity): Promise<PrincipalPolicies>;
  /** The management account of the account's Organization, or undefined when it belongs to none. */
  managementAccountOf(account: string): Promise<string | undefined>;
  /**
   * The SCPs in effect on the account (root, OUs, account), read as its Organization's management account; undefined
   * when none apply: no Organization, the management account itself, or the SCP policy type not enabled on the root.
   */
  serviceControlPolicies(account: string): Promise<ScpLevels | undefined>;
  /** IAM or Organizations policies changed (a role, policy, SCP or attachment was written): forget what was read so far. */
  iamChanged(): void;
  clearCaches(): void;
}

export interface MotoDirectoryOptions {
  /**
   * Keep each principal's identity policies, and each account's SCPs, until `iamChanged()`. Only correct when every IAM
   * and Organizations policy write is reported (the sandbox routes its clients through a proxy that does): without it,
   * policies are read on every call. @default false
   */
  readonly cacheIdentityPolicies?: boolean;
}

export class MotoDirectory implements AwsDirectory {
  private readonly sessions: MotoSessions;
  private readonly identities = new Map<string, CallerIdentity>();
  // Only memberships are cached: an account may join an Organization after its first lookup.
  private readonly managementAccounts = new Map<string, string>();

  // Promises, so concurrent calls of one principal share a single read.
  private readonly policies = new Map<string, Promise<PrincipalPolicies>>();
  private readonly scps = new Map<string, Promise<ScpLevels | undefined>>();

  constructor(
    connection: MotoConnection,
    private readonly options: MotoDirectoryOptions = {},
  ) {
    this.sessions = new MotoSessions(connection);
  }

  async callerIdentity(accessKeyId: string, sessionToken?: string): Promise<CallerIdentity> {
    const cached = this.identities.get(accessKeyId);
    if (cached) return cached;
    // moto ignores signatures, so any secret will do; it resolves the caller from the access key alone.
    const sts = this.sessions.sts({ accessKeyId, secretAccessKey: "bedrock-emulator", ...(sessionToken ? { sessionToken } : {}) });
    const out = await sts.send(new GetCallerIdentityCommand({}));
    if (!out.Account || !out.Arn) throw new Error(`moto GetCallerIdentity for ${accessKeyId} returned no Account/Arn`);
    const identity: CallerIdentity = { account: out.Account, arn: out.Arn, principal: parsePrincipal(out.Arn) };
    this.identities.set(accessKeyId, identity);
    return identity;
  }

  async principalPolicies(caller: CallerIdentity): Promise<PrincipalPolicies> {
    if (!this.options.cacheIdentityPolicies) return loadPrincipalPolicies(await this.sessions.iam(caller.account), caller);
    // Per role or user, not per session: every session of a role holds the same policies.
    const p = caller.principal;
    const key =
      p.kind === "assumed-role"
        ? `${caller.account} role ${p.roleName}`
        : p.kind === "user"
          ? `${caller.account} user ${p.userName}`
          : caller.arn;
    let cached = this.policies.get(key);
    if (!cached) {
      cached = this.sessions.iam(caller.account).then((iam) => loadPrincipalPolicies(iam, caller));
      // A failed read is not remembered.
      cached.catch(() => this.policies.delete(key));
      this.policies.set(key, cached);
    }
    return cached;
  }

  async serviceControlPolicies(account: string): Promise<ScpLevels | undefined> {
    const read = async () => {
      const management = await this.managementAccountOf(account);
      // SCPs do not affect the management account.
      if (!management || management === account) return undefined;
      return loadScps(await this.sessions.organizations(management), account);
    };
    if (!this.options.cacheIdentityPolicies) return read();
    let cached = this.scps.get(account);
    if (!cached) {
      cached = read();
      cached.catch(() => this.scps.delete(account));
      this.scps.set(account, cached);
    }
    return cached;
  }

  iamChanged(): void {
    this.policies.clear();
    this.scps.clear();
  }

  async managementAccountOf(account: string): Promise<string | undefined> {
    const cached = this.managementAccounts.get(account);
    if (cached) return cached;
    try {
      const out = await (await this.sessions.organizations(account)).send(new DescribeOrganizationCommand({}));
      const management = out.Organization?.MasterAccountId;
      if (management) this.managementAccounts.set(account, management);
      return management;
    } catch (err) {
      if (err instanceof AWSOrganizationsNotInUseException) return undefined;
      throw err;
    }
  }

  clearCaches(): void {
    this.policies.clear();
    this.scps.clear();
    this.identities.clear();
    this.managementAccounts.clear();
    this.sessions.clear();
  }
}
