import type { ITerraformDependable } from "cdktf";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import type { PolicyDocument } from "../../lib/domain/iam/policy";
import type { OwnResource } from "../../lib/domain/names";

export interface BedrockRoleProps {
  /** Its name and path, from `ownResources`. */
  readonly role: Pick<OwnResource, "name" | "path">;
  /** The config's `iam.permissionsBoundaryArn`. @default - no boundary */
  readonly permissionsBoundaryArn?: string;
  readonly description: string;
  readonly trust: PolicyDocument;
  /** Seconds. @default 3600 */
  readonly maxSessionDuration?: number;
  /** Resources the trust names by an ARN built from parts, which must exist before the role. @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** An IAM role with our boundary and session settings, and grant helpers. */
export class BedrockRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: BedrockRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, "role", {
      name: props.role.name,
      path: props.role.path,
      description: props.description,
      assumeRolePolicy: props.trust.render(),
      maxSessionDuration: props.maxSessionDuration ?? 3600,
      ...(props.permissionsBoundaryArn && { permissionsBoundary: props.permissionsBoundaryArn }),
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
