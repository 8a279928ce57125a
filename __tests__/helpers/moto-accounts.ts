import { AttachRolePolicyCommand, CreatePolicyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import type { AwsCredentialIdentity as Credentials } from "../../sandbox/aws-clients";

/** Test fixtures in moto: sessions in accounts and roles with policies, made with the real SDK clients. */
export class MotoAccounts {
  constructor(
    readonly motoUrl: string,
    private readonly base: Credentials = { accessKeyId: "testing", secretAccessKey: "testing" },
  ) {}

  async assume(roleArn: string, sessionName = "test", via: Credentials = this.base): Promise<Credentials> {
    const sts = new STSClient({ endpoint: this.motoUrl, region: "us-east-1", credentials: via });
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }));
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`AssumeRole ${roleArn} returned no credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  }

  /** A session as OrganizationAccountAccessRole, as Terraform would act in the account. */
  admin(account: string): Promise<Credentials> {
    return this.assume(`arn:aws:iam::${account}:role/OrganizationAccountAccessRole`, "admin");
  }

  /**
   * Creates a role with managed (created and attached) and inline policies, and returns a session
   * of it. Returns the role ARN (with its path) and the session credentials.
   */
  async role(
    account: string,
    spec: { name: string; path?: string; managed?: Record<string, object>; inline?: Record<string, object> },
  ): Promise<{ roleArn: string; credentials: Credentials }> {
    const iam = new IAMClient({ endpoint: this.motoUrl, region: "us-east-1", credentials: await this.admin(account) });
    const trust = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: "sts:AssumeRole" }],
    };
    const created = await iam.send(
      new CreateRoleCommand({ RoleName: spec.name, Path: spec.path ?? "/", AssumeRolePolicyDocument: JSON.stringify(trust) }),
    );
    const roleArn = created.Role?.Arn;
    if (!roleArn) throw new Error(`CreateRole ${spec.name} returned no Arn`);
    for (const [name, document] of Object.entries(spec.managed ?? {})) {
      const policy = await iam.send(
        new CreatePolicyCommand({ PolicyName: `${spec.name}-${name}`, PolicyDocument: JSON.stringify(document) }),
      );
      await iam.send(new AttachRolePolicyCommand({ RoleName: spec.name, PolicyArn: policy.Policy?.Arn }));
    }
    for (const [name, document] of Object.entries(spec.inline ?? {})) {
      await iam.send(new PutRolePolicyCommand({ RoleName: spec.name, PolicyName: name, PolicyDocument: JSON.stringify(document) }));
    }
    return { roleArn, credentials: await this.assume(roleArn, spec.name) };
  }
}
