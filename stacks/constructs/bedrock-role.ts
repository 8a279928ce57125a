import type { ITerraformDependable } from "cdktf";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import type { PolicyDocument } from "../../lib/domain/iam/policy";

/** Settings every role of ours shares, from the config's `iam` block. */
export interface RoleSettings {
  /** Prepended to every role and policy name. */
  readonly namePrefix: string;
  /** IAM path for roles and policies. */
  readonly path: string;
  /** @default - no boundary */
  readonly permissionsBoundaryArn?: string;
}

export interface BedrockRoleProps {
  readonly settings: RoleSettings;
  /** Name after the prefix. */
  readonly name: string;
  readonly description: string;
  readonly trust: PolicyDocument;
  /** Seconds. @default 3600 */
  readonly maxSessionDuration?: number;
  /** Resources the trust names by an ARN built from parts, which must exist before the role. @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** An IAM role with our naming, path, boundary and session settings, and grant helpers. */
export class BedrockRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: BedrockRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: `${props.settings.namePrefix}${props.name}`,
      path: props.settings.path,
      description: props.description,
      assumeRolePolicy: props.trust.render(),
      maxSessionDuration: props.maxSessionDuration ?? 3600,
      ...(props.settings.permissionsBoundaryArn && { permissionsBoundary: props.settings.permissionsBoundaryArn }),
      ...(props.dependsOn && props.dependsOn.length > 0 && { dependsOn: [...props.dependsOn] }),
    });
  }

  get arn(): string {
    return this.role.arn;
  }

  /** Attaches a managed policy (the shared invoke policy). */
  attach(id: string, policy: IamPolicy): IamRolePolicyAttachment {
    return new IamRolePolicyAttachment(this, id, { role: this.role.name, policyArn: policy.arn });
  }

  /** Attaches managed policies that belong together (the invoke policy and its continuations). */
  attachAll(id: string, policies: readonly IamPolicy[]): IamRolePolicyAttachment[] {
    return policies.map((policy, i) => this.attach(i === 0 ? id : `${id}-${i + 1}`, policy));
  }

  /** Adds an inline policy only this role holds. */
  addInlinePolicy(name: string, document: PolicyDocument): IamRolePolicy {
    return new IamRolePolicy(this, name, { role: this.role.name, name, policy: document.render() });
  }
}
