import { IAMClient } from "@aws-sdk/client-iam";
import { OrganizationsClient } from "@aws-sdk/client-organizations";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";

export interface AwsCredentialIdentity {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Credentials moto accepts for its default account; it ignores signatures. */
const SANDBOX_ROOT_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: "testing", secretAccessKey: "testing" };
export const SANDBOX_REGION = "us-east-1";

export interface SandboxAccountClients {
  readonly credentials: AwsCredentialIdentity;
  readonly iam: IAMClient;
  readonly organizations: OrganizationsClient;
}

/** Assumes `roleName` in `accountId` through moto STS and returns clients acting in that account. */
export async function clientsInAccount(
  endpoint: string,
  accountId: string,
  roleName = "OrganizationAccountAccessRole",
): Promise<SandboxAccountClients> {
  const sts = new STSClient({ endpoint, region: SANDBOX_REGION, credentials: SANDBOX_ROOT_CREDENTIALS });
  const { Credentials: c } = await sts.send(
    new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${roleName}`, RoleSessionName: "bedrock-sandbox" }),
  );
  sts.destroy();
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`moto returned no credentials for ${accountId}`);
  const credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  const common = { endpoint, region: SANDBOX_REGION, credentials };
  return { credentials, iam: new IAMClient(common), organizations: new OrganizationsClient(common) };
}
