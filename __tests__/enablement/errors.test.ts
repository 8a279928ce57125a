import { AwsCallError, type AwsOperation } from "../../lib/enablement/aws/port";
import { classifyError, isAgreementAlreadyExists, isTransient, type FailureContext } from "../../lib/enablement/aws/errors";

const ctx: FailureContext = {
  roleArn: "arn:aws:iam::222222222222:role/bedrock/bedrock-first-use",
  roleLabel: "first-use role",
  accountName: "ci",
  accountId: "222222222222",
  region: "us-east-1",
  modelId: "anthropic.claude-sonnet-4-6",
  invocationId: "us.anthropic.claude-sonnet-4-6",
};
const error = (operation: AwsOperation, code: string, message: string, httpStatus?: number) =>
  new AwsCallError(operation, code, message, httpStatus);

describe("classifyError", () => {
  it("calls an AssumeRole failure a denial only when STS denied it", () => {
    expect(classifyError(error("assumeRole", "AccessDenied", "not authorized to perform: sts:AssumeRole"), ctx).kind).toBe(
      "assume-role-denied",
    );
    expect(classifyError(error("assumeRole", "Throttling", "Rate exceeded", 400), ctx).kind).not.toBe("assume-role-denied");
    expect(classifyError(error("assumeRole", "RegionDisabledException", "STS is not activated in this region"), ctx).kind).toBe(
      "unexpected",
    );
  });

  it("names the role, the account and the Marketplace fix when aws-marketplace permissions are missing", () => {
    const failure = classifyError(
      error(
        "converse",
        "AccessDeniedException",
        "Model access is denied due to IAM user or service role is not authorized to perform the required AWS Marketplace actions (aws-marketplace:ViewSubscriptions, aws-marketplace:Subscribe) to enable access to this model.",
      ),
      ctx,
    );

    expect(failure.kind).toBe("marketplace-denied");
    expect(failure.message).toMatch(
      /^first-use role arn:aws:iam::222222222222:role\/bedrock\/bedrock-first-use in account ci \(222222222222\), us-east-1/,
    );
    expect(failure.message).toMatch(
      /aws-marketplace:Subscribe and aws-marketplace:ViewSubscriptions \(firstUseMarketplaceAccess: true .*no SCP denies aws-marketplace:\*/,
    );
  });

  it.each([
    ["FTUFormNotFilled", "Model use case details have not been submitted for this account."],
    [
      "ResourceNotFoundException",
      "FTUFormNotFilled: Model use case details have not been submitted for this account. Fill out the Anthropic use case details form before using the model.",
    ],
    ["ValidationException", "Model use case details have not been submitted for this account."],
  ])("recognises the missing use-case form (%s)", (code, message) => {
    const failure = classifyError(error("converse", code, message), ctx);

    expect(failure.kind).toBe("use-case-form-missing");
    expect(failure.message).toMatch(/use-case form is not in effect .*management account .*up to 15 minutes/);
  });

  it("sends an opt-in Region's missing form to the account's own form there, not to the management account", () => {
    const failure = classifyError(
      error("converse", "ResourceNotFoundException", "Model use case details have not been submitted for this account."),
      { ...ctx, region: "ap-south-2" },
    );

    expect(failure.kind).toBe("use-case-form-missing");
    expect(failure.message).toMatch(/Fix: ap-south-2 is an opt-in Region, which needs the account's own form: .*first-use role/);
    expect(failure.message).not.toMatch(/from the management account/);
  });

  it.each([
    ["MPAgreementBeingCreated", "Agreement is being created"],
    [
      "AccessDeniedException",
      "Your account is not authorized to access this model. Your AWS Marketplace subscription for this model is still being processed",
    ],
  ])("recognises an agreement still being created (%s) before Marketplace denials", (code, message) => {
    expect(classifyError(error("converse", code, message), ctx).kind).toBe("agreement-being-created");
  });

  it("points at destination regions and SCPs when bedrock:InvokeModel is denied", () => {
    const failure = classifyError(
      error(
        "converse",
        "AccessDeniedException",
        "User: arn:aws:sts::222222222222:assumed-role/bedrock-first-use/s is not authorized to perform: bedrock:InvokeModel on resource: arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-sonnet-4-6",
      ),
      ctx,
    );

    expect(failure.kind).toBe("invoke-denied");
    expect(failure.message).toMatch(
      /may not invoke us.anthropic.claude-sonnet-4-6 .*every destination region \(if AWS added one: bedrock-access catalog refresh, then cdktf deploy\).*SCP/,
    );
  });

  it.each(["ValidationException", "ResourceNotFoundException"])("says the model or profile is not offered in the region (%s)", (code) => {
    const failure = classifyError(error("converse", code, "The provided model identifier is invalid."), ctx);

    expect(failure.kind).toBe("model-not-offered");
    expect(failure.message).toMatch(
      /us-east-1: us.anthropic.claude-sonnet-4-6 is not offered or not callable here .*remove this profile kind or region/,
    );
  });

  it("explains an unassumable role with who must be trusted", () => {
    const failure = classifyError(error("assumeRole", "AccessDenied", "not authorized to perform: sts:AssumeRole"), {
      ...ctx,
      region: undefined,
    });

    expect(failure.kind).toBe("assume-role-denied");
    expect(failure.message).toMatch(
      /^cannot assume first-use role arn:aws:iam::222222222222:role\/bedrock\/bedrock-first-use in account ci \(222222222222\) \(AccessDenied: .*pipelinePrincipals/,
    );
  });

  it.each(["ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "CredentialsProviderError"])(
    "asks to refresh credentials on %s",
    (code) => {
      expect(classifyError(error("assumeRole", code, "expired"), ctx).kind).toBe("credentials");
    },
  );

  it.each([
    ["ThrottlingException", undefined],
    ["ServiceUnavailableException", 503],
    ["ModelNotReadyException", 429],
    ["InternalServerException", 500],
    ["SomethingNew", 502],
  ])("treats %s as transient: retried, then reported with advice", (code, status) => {
    const err = error("converse", code, "try later", status);

    expect(isTransient(err)).toBe(true);
    expect(classifyError(err, ctx)).toMatchObject({ kind: "transient", message: expect.stringMatching(/lower --account-concurrency/) });
  });

  it("does not retry client errors", () => {
    expect(isTransient(error("converse", "AccessDeniedException", "no", 403))).toBe(false);
    expect(isTransient(new Error("boom"))).toBe(false);
  });

  it("asks for a quota increase on ServiceQuotaExceededException", () => {
    expect(classifyError(error("converse", "ServiceQuotaExceededException", "quota"), ctx).kind).toBe("quota");
  });

  it("treats an existing agreement as success", () => {
    expect(isAgreementAlreadyExists(error("createAgreement", "ConflictException", "Agreement already exists"))).toBe(true);
    expect(isAgreementAlreadyExists(error("createAgreement", "ValidationException", "An agreement already exists for this model"))).toBe(
      true,
    );
    expect(isAgreementAlreadyExists(error("createAgreement", "AccessDeniedException", "denied"))).toBe(false);
  });

  it("keeps non-AWS errors as unexpected, with where they happened", () => {
    expect(classifyError(new Error("socket hang up"), ctx)).toMatchObject({
      kind: "unexpected",
      message: "account ci (222222222222), us-east-1: socket hang up",
    });
  });
});
