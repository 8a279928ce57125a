import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface MotoConnection {
  readonly endpoint: string;
  /** The emulator's own credentials at moto, used to assume into accounts. */
  readonly baseCredentials: Credentials;
}

/** Role the emulator assumes to read an account's IAM and Organizations data, as the project's stacks do. */
const ACCOUNT_ACCESS_ROLE = "OrganizationAccountAccessRole";
const MOTO_REGION = "us-east-1";
const REFRESH_MARGIN_MS = 5 * 60 * 1000;

/**
 * Clients for moto, acting in a given account through OrganizationAccountAccessRole (moto allows the
 * assumption even where the role does not exist). Session credentials are cached until near expiry.
 */
export class MotoSessions {
  private readonly sessions = new Map<string, { credentials: Credentials; expiresAt: number }>();

  constructor(private readonly connection: MotoConnection) {}

  sts(credentials: Credentials = this.connection.baseCredentials): STSClient {
    return new STSClient({ endpoint: this.connection.endpoint, region: MOTO_REGION, credentials, maxAttempts: 2 });
  }

  async iam(account: string): Promise<IAMClient> {
    return new IAMClient({
      endpoint: this.connection.endpoint,
      region: MOTO_REGION,
      credentials: await this.credentialsFor(account),
      maxAttempts: 2,
    });
  }

  async organizations(account: string): Promise<OrganizationsClient> {
    return new OrganizationsClient({
      endpoint: this.connection.endpoint,
      region: MOTO_REGION,
      credentials: await this.credentialsFor(account),
      maxAttempts: 2,
    });
  }

  clear(): void {
    this.sessions.clear();
  }

  private async credentialsFor(account: string): Promise<Credentials> {
    const cached = this.sessions.get(account);
    if (cached && cached.expiresAt - REFRESH_MARGIN_MS > Date.now()) return cached.credentials;
    const out = await this.sts().send(
      new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/${ACCOUNT_ACCESS_ROLE}`, RoleSessionName: "bedrock-emulator" }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`moto AssumeRole into ${account} returned no credentials`);
    const credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
    this.sessions.set(account, { credentials, expiresAt: c.Expiration?.getTime() ?? Date.now() + 3600_000 });
    return credentials;
  }
}
