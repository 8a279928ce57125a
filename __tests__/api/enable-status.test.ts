import { BedrockClient, PutUseCaseForModelAccessCommand } from "@aws-sdk/client-bedrock";
import { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { enable, status } from "../../lib/api";
import { fixtureOrgOverSdkMocks } from "../enablement/fake-org-sdk";
import { enablementConfig, outputsFor, rawEnablementConfig } from "../helpers/fixtures";

// The package's enable and status, through the SDK adapter they create: the FakeOrg answers behind the mocked clients.
const sts = mockClient(STSClient);
const bedrock = mockClient(BedrockClient);
const runtime = mockClient(BedrockRuntimeClient);

beforeEach(() => {
  fixtureOrgOverSdkMocks({ sts, bedrock, runtime });
});

const source = () => ({ config: rawEnablementConfig(), outputs: outputsFor(enablementConfig()) });

it("enable returns the report of the run, printing nothing, its log lines to the logger", async () => {
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  const write = jest.spyOn(process.stdout, "write");

  const report = await enable({
    ...source(),
    preflight: false,
    pollIntervalMs: 1,
    logger: { error: log, warn: log, info: log, debug: () => undefined },
  });

  expect(report).toMatchObject({ command: "enable", dryRun: false, exitCode: 0, useCase: { status: "submitted" } });
  expect(report.summary).toMatchObject({ profiles: 5, byStatus: { enabled: 5 } });
  expect(bedrock).toHaveReceivedCommand(PutUseCaseForModelAccessCommand);
  expect(lines.length).toBeGreaterThan(0);
  expect(write).not.toHaveBeenCalled();
  write.mockRestore();
});

it("status reads what enable did, changing nothing; the filters narrow it", async () => {
  const before = await status({ ...source(), accounts: ["research"] });
  expect(before).toMatchObject({ command: "status", exitCode: 1 });
  expect(before.accounts.map((account) => account.name)).toEqual(["research"]);

  await enable({ ...source(), preflight: false, pollIntervalMs: 1 });
  const after = await status(source());
  expect(after).toMatchObject({ command: "status", exitCode: 0 });
  expect(after.summary.profiles).toBe(5);
});
