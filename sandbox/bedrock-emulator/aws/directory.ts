import { AWSOrganizationsNotInUseException, DescribeOrganizationCommand } from "@aws-sdk/client-organizations";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { loadPrincipalPolicies, type PrincipalPolicies } from "./identity-policies";
import { MotoSessions, type MotoConnection } from "./moto-sessions";
import { parsePrincipal, type CallerIdentity } from "./principal";

/** What the emulator asks of the AWS it runs beside (moto): who is calling, what may they do, which Organization. */
export interface AwsDirectory {
  callerIdentity(accessKeyId: string, sessionToken?: string): Promise<CallerIdentity>;
  principalPolicies(caller: CallerIdentity): Promise<PrincipalPolicies>;
  /** The management account of the account's Organization, or undefined when it belongs to none. */
  managementAccountOf(account: string): Promise<string | undefined>;
  clearCaches(): void;
}

export class MotoDirectory implements AwsDirectory {
  private readonly sessions: MotoSessions;
  private readonly identities = new Map<string, CallerIdentity>();
  // Only memberships are cached: an account may join an Organization after its first lookup.
  private readonly managementAccounts = new Map<string, string>();

  constructor(connection: MotoConnection) {
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
    return loadPrincipalPolicies(await this.sessions.iam(caller.account), caller);
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
    this.identities.clear();
    this.managementAccounts.clear();
    this.sessions.clear();
  }
}
