import type { UseCaseTarget } from "../../lib/enablement/targets";
import { encodeForm, formData } from "../../lib/domain/use-case-form";
import { ensureUseCase } from "../../lib/enablement/steps/use-case";
import { FakeOrg } from "./fake-org";
import { enablementConfig, MANAGEMENT_ID, SUBMITTER_ROLE } from "../helpers/fixtures";
import { captureLog, stepContext } from "./harness";

const form = formData(enablementConfig().useCaseForm);
const target: UseCaseTarget = {
  accountId: MANAGEMENT_ID,
  roleArn: SUBMITTER_ROLE,
  region: "us-east-1",
  form,
  scope: "organization",
  group: `management (${MANAGEMENT_ID})`,
};
/** The management account, with no use-case form submitted until a test says otherwise. */
let aws: FakeOrg;

function context() {
  const log = captureLog();
  return { log, ctx: stepContext({ aws, log }) };
}

beforeEach(() => {
  aws = new FakeOrg();
});

describe("use-case form step", () => {
  it("submits the form through the submitter role when none was ever submitted", async () => {
    const report = await ensureUseCase(target, { mode: "enable" }, context().ctx);

    expect(report).toMatchObject({ status: "submitted", differences: [] });
    expect(aws.calls("assumeRole")).toContainEqual(expect.objectContaining({ roleArn: SUBMITTER_ROLE }));
    expect(aws.calls("putUseCase")).toContainEqual({ formData: encodeForm(form) });
    expect(aws.history).toContainEqual(expect.objectContaining({ operation: "putUseCase", roleArn: SUBMITTER_ROLE, region: "us-east-1" }));
  });

  it("passes the form to the AWS port as JSON bytes, for the SDK to base64-encode once", async () => {
    await ensureUseCase(target, { mode: "enable" }, context().ctx);

    const sent = aws.calls("putUseCase")[0].formData;
    expect(JSON.parse(Buffer.from(sent).toString("utf8"))).toEqual(form);
  });

  it("skips a submitted form equal to the config", async () => {
    aws.form = encodeForm(form);

    const report = await ensureUseCase(target, { mode: "enable" }, context().ctx);

    expect(report.status).toBe("unchanged");
    expect(aws.calls("putUseCase")).toHaveLength(0);
  });

  it("accepts a base64-wrapped submitted form as equal", async () => {
    const wrapped = new TextEncoder().encode(Buffer.from(encodeForm(form)).toString("base64"));
    aws.form = wrapped;

    const report = await ensureUseCase(target, { mode: "enable" }, context().ctx);

    expect(report.status).toBe("unchanged");
  });

  it("reports a different submitted form field by field and leaves it alone", async () => {
    aws.form = encodeForm({ ...form, useCases: "Chat.", intendedUsers: "2" });
    const { ctx, log } = context();

    const report = await ensureUseCase(target, { mode: "enable" }, ctx);

    expect(report.status).toBe("differs");
    expect(report.differences).toEqual([
      { field: "intendedUsers", submitted: "2", configured: "0" },
      { field: "useCases", submitted: "Chat.", configured: "Code review in CI." },
    ]);
    expect(aws.calls("putUseCase")).toHaveLength(0);
    expect(log.text()).toMatch(
      /the use-case form 111111111111 submitted in us-east-1 differs from the config, left as is; --update-use-case overwrites it:\n {2}intendedUsers: submitted "2", configured "0"/,
    );
  });

  it("overwrites a different form with --update-use-case", async () => {
    aws.form = encodeForm({ ...form, useCases: "Chat." });

    const report = await ensureUseCase(target, { mode: "enable", update: true }, context().ctx);

    expect(report.status).toBe("updated");
    expect(aws.calls("putUseCase")).toContainEqual({ formData: encodeForm(form) });
  });

  it.each([
    ["dry-run", false, undefined, "would-submit"],
    ["dry-run", true, { useCases: "Chat." }, "would-update"],
    ["status", true, { useCases: "Chat." }, "differs"],
    ["status", false, undefined, "not-submitted"],
  ] as const)("never writes in %s mode (update: %s, submitted change: %o): %s", async (mode, update, change, expected) => {
    if (change) aws.form = encodeForm({ ...form, ...change });

    const report = await ensureUseCase(target, { mode, update }, context().ctx);

    expect(report.status).toBe(expected);
    expect(aws.calls("putUseCase")).toHaveLength(0);
  });

  it("fails with the role and the fix when the submitter role cannot be assumed", async () => {
    aws.deniedRoles.add(SUBMITTER_ROLE);

    const report = await ensureUseCase(target, { mode: "enable" }, context().ctx);

    expect(report.status).toBe("failed");
    expect(report.error?.kind).toBe("assume-role-denied");
    expect(report.error?.message).toMatch(
      /cannot assume use-case submitter role arn:aws:iam::111111111111:role\/bedrock\/bedrock-ftu-submitter .*managementAccount.pipelinePrincipals/,
    );
  });
});
