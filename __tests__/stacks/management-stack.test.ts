import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { PIPELINE_ROLE, stackConfig } from "../helpers/fixtures";
import { synthManagement } from "../helpers/synth";

describe("ManagementStack", () => {
  const { out } = synthManagement(stackConfig());

  it("creates only the FTU-submitter role, trusted only by the pipeline principals", () => {
    expect(out.ofType("aws_iam_role").map((r) => r.name)).toEqual(["bedrock-ftu-submitter"]);
    expect(out.trustOf("bedrock-ftu-submitter").Statement).toEqual([
      { Sid: "TrustedPrincipals", Effect: "Allow", Principal: { AWS: [PIPELINE_ROLE] }, Action: "sts:AssumeRole" },
    ]);
    expect(out.json).toHaveResourceWithProperties(IamRole, { path: "/bedrock/", max_session_duration: 3600 });
  });

  it("allows the FTU-submitter only to read and submit the use-case form", () => {
    expect(out.inlinePolicy("submit-use-case-form").Statement).toEqual([
      {
        Sid: "SubmitAnthropicUseCaseForm",
        Effect: "Allow",
        Action: ["bedrock:GetUseCaseForModelAccess", "bedrock:PutUseCaseForModelAccess"],
        Resource: "*",
      },
    ]);
    expect(out.json).toHaveResourceWithProperties(IamRolePolicy, { name: "submit-use-case-form" });
    expect(out.ofType("aws_iam_role_policy_attachment")).toEqual([]);
  });

  it("assumes the configured role in the management account only", () => {
    expect(out.json).toHaveProviderWithProperties(AwsProvider, {
      allowed_account_ids: ["111111111111"],
      assume_role: [{ role_arn: "arn:aws:iam::111111111111:role/OrganizationAccountAccessRole", session_name: "bedrock-org-access" }],
    });
  });

  it("exports the account, the submitter role and the form's region", () => {
    const outputs = out.root.output as Record<string, { value: unknown }>;
    expect(Object.keys(outputs).sort()).toEqual(["account_id", "use_case_region", "use_case_submitter_role_arn"]);
    expect(outputs.use_case_region.value).toBe("us-east-1");
  });
});
