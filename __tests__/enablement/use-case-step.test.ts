import {
  BedrockClient,
  GetUseCaseForModelAccessCommand,
  PutUseCaseForModelAccessCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-bedrock";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { SdkEnablementAws } from "../../lib/enablement/aws/sdk-adapter";
import type { UseCaseTarget } from "../../lib/enablement/targets";
import { encodeForm, formData } from "../../lib/domain/use-case-form";
import { ensureUseCase } from "../../lib/enablement/steps/use-case";
import { accessKeyId, stsAccessDenied } from "./fake-org";
import { captureLog, MANAGEMENT_ID, stepContext, SUBMITTER_ROLE, testConfig } from "./fixtures";

const sts = mockClient(STSClient);
const bedrock = mockClient(BedrockClient);
const form = formData(testConfig().useCaseForm);
const target: UseCaseTarget = { accountId: MANAGEMENT_ID, roleArn: SUBMITTER_ROLE, region: "us-east-1", form };
const notFound = () => new ResourceNotFoundException({ message: "Use case not found", $metadata: {} });

function context() {
  const log = captureLog();
  return { log, ctx: stepContext({ aws: new SdkEnablementAws({ stsRegion: "us-east-1" }), log }) };
}

beforeEach(() => {
  sts.reset();
  bedrock.reset();
  sts
    .on(AssumeRoleCommand)
    .resolves({ Credentials: { AccessKeyId: accessKeyId(1), SecretAccessKey: "s", SessionToken: "t", Expiration: new Date(0) } });
  bedrock.on(PutUseCaseForModelAccessCommand).resolves({});
});

describe("use-case form step", () => {
  it("submits the form through the submitter role when none was ever submitted", async () => {
    bedrock.on(GetUseCaseForModelAccessCommand).rejects(notFound());

    const report = await ensureUseCase(target, { mode: "enable" }, context().ctx);

    expect(report).toMatchObject({ status: "submitted", differences: [] });
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: SUBMITTER_ROLE });
    expect(bedrock).toHaveReceivedCommandWith(PutUseCaseForModelAccessCommand, { formData: encodeForm(form) });
  });

  it("passes JSON bytes to the SDK, which does the one base64 encoding itself", async () => {
    bedrock.on(GetUseCaseForModelAccessCommand).rejects(notFound());

    await ensureUseCase(target, { mode: "enable" }, context().ctx);

    const sent = bedrock.commandCalls(PutUseCaseForModelAccessCommand)[0].args[0].input.formData as Uint8Array;
    expect(JSON.parse(Buffer.from(sent).toString("utf8"))).toEqual(form);
  });

  it("skips a submitted form equal to the config", async () => {
    bedrock.on(GetUseCaseForModelAccessCommand).resolves({ formData: encodeForm(form) });

    const report = await ensureUseCase(target, { mode: "enable" }, context().ctx);

    expect(report.status).toBe("unchanged");
    expect(bedrock).not.toHaveReceivedCommand(PutUseCaseForModelAccessCommand);
  });

  it("accepts a base64-wrapped submitted form as equal", async () => {
    const wrapped = new TextEncoder().encode(Buffer.from(encodeForm(form)).toString("base64"));
    bedrock.on(GetUseCaseForModelAccessCommand).resolves({ formData: wrapped });

    const report = await ensureUseCase(target, { mode: "enable" }, context().ctx);

    expect(report.status).toBe("unchanged");
  });

  it("reports a different submitted form field by field and leaves it alone", async () => {
    bedrock.on(GetUseCaseForModelAccessCommand).resolves({ formData: encodeForm({ ...form, useCases: "Chat.", intendedUsers: "2" }) });
    const { ctx, log } = context();

    const report = await ensureUseCase(target, { mode: "enable" }, ctx);

    expect(report.status).toBe("differs");
    expect(report.differences).toEqual([
      { field: "intendedUsers", submitted: "2", configured: "0" },
      { field: "useCases", submitted: "Chat.", configured: "Code review in CI." },
    ]);
    expect(bedrock).not.toHaveReceivedCommand(PutUseCaseForModelAccessCommand);
    expect(log.text()).toMatch(
      /differs from the config, left as is; --update-use-case overwrites it:\n {2}intendedUsers: submitted "2", configured "0"/
    );
  });

  it("overwrites a different form with --update-use-case", async () => {
    bedrock.on(GetUseCaseForModelAccessCommand).resolves({ formData: encodeForm({ ...form, useCases: "Chat." }) });

    const report = await ensureUseCase(target, { mode: "enable", update: true }, context().ctx);

    expect(report.status).toBe("updated");
    expect(bedrock).toHaveReceivedCommandWith(PutUseCaseForModelAccessCommand, { formData: encodeForm(form) });
  });

  it.each([
    ["dry-run", false, undefined, "would-submit"],
    ["dry-run", true, { useCases: "Chat." }, "would-update"],
    ["status", true, { useCases: "Chat." }, "differs"],
    ["status", false, undefined, "not-submitted"],
  ] as const)("never writes in %s mode (update: %s, submitted change: %o): %s", async (mode, update, change, expected) => {
    if (change) bedrock.on(GetUseCaseForModelAccessCommand).resolves({ formData: encodeForm({ ...form, ...change }) });
    else bedrock.on(GetUseCaseForModelAccessCommand).rejects(notFound());

    const report = await ensureUseCase(target, { mode, update }, context().ctx);

    expect(report.status).toBe(expected);
    expect(bedrock).not.toHaveReceivedCommand(PutUseCaseForModelAccessCommand);
  });

  it("fails with the role and the fix when the submitter role cannot be assumed", async () => {
    sts.on(AssumeRoleCommand).rejects(stsAccessDenied("not authorized to perform: sts:AssumeRole"));

    const report = await ensureUseCase(target, { mode: "enable" }, context().ctx);

    expect(report.status).toBe("failed");
    expect(report.error?.kind).toBe("assume-role-denied");
    expect(report.error?.message).toMatch(
      /cannot assume use-case submitter role arn:aws:iam::111111111111:role\/bedrock\/bedrock-ftu-submitter .*managementAccount.pipelinePrincipals/
    );
  });
});
