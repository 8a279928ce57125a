import { Testing, TerraformStack } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { managementOutputsSchema } from "../../lib/contracts/stack-outputs/schema";
import { writeOutputs } from "../../lib/contracts/stack-outputs/write";

/** The stacks' side of the outputs contract: values checked at synth, tokens left to Terraform. */
function stackWithRole(): { stack: TerraformStack; roleArn: string } {
  const stack = new TerraformStack(Testing.app(), "management");
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  const role = new IamRole(stack, "role", { name: "r", assumeRolePolicy: "{}" });
  return { stack, roleArn: role.arn };
}

describe("writeOutputs", () => {
  it("writes one output per contract field, with the field's description", () => {
    const { stack, roleArn } = stackWithRole();

    writeOutputs(stack, managementOutputsSchema, {
      account_id: "111111111111",
      use_case_submitter_role_arn: roleArn,
      use_case_region: "us-east-1",
    });

    const outputs = (JSON.parse(Testing.synth(stack)) as { output: Record<string, { value: unknown; description: string }> }).output;
    expect(Object.keys(outputs).sort()).toEqual(["account_id", "use_case_region", "use_case_submitter_role_arn"]);
    expect(outputs.account_id).toEqual({ value: "111111111111", description: "The Organization management account id." });
    expect(outputs.use_case_submitter_role_arn.value).toBe("${aws_iam_role.role.arn}");
  });

  it("fails at synth on a value the contract does not allow, naming the field and the value", () => {
    const { stack, roleArn } = stackWithRole();

    expect(() =>
      writeOutputs(stack, managementOutputsSchema, { account_id: "12345", use_case_submitter_role_arn: roleArn, use_case_region: "" }),
    ).toThrow(
      /management: outputs do not match the outputs contract\n {2}- account_id: .*\(got "12345"\)\n {2}- use_case_region: .*\(got ""\)/,
    );
  });

  it("does not judge a token Terraform resolves during apply, but does judge a literal in its place", () => {
    const { stack, roleArn } = stackWithRole();
    const values = { account_id: "111111111111", use_case_region: "us-east-1" };

    expect(() => writeOutputs(stack, managementOutputsSchema, { ...values, use_case_submitter_role_arn: roleArn })).not.toThrow();
    expect(() =>
      writeOutputs(new TerraformStack(Testing.app(), "other"), managementOutputsSchema, {
        ...values,
        use_case_submitter_role_arn: "role/x",
      }),
    ).toThrow(/use_case_submitter_role_arn: .*\(got "role\/x"\)/);
  });
});
