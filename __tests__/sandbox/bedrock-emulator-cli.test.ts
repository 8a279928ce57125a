import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { Credentials } from "../../sandbox/bedrock-emulator/aws/moto-sessions";
import { startBedrockEmulator, type BedrockEmulator } from "../../sandbox/bedrock-emulator/server";
import { MotoAccounts } from "../helpers/moto-accounts";
import { startMoto, type MotoServer } from "../../sandbox/moto";

const run = promisify(execFile);
const ACCOUNT = "222222222222";
const SONNET = "anthropic.claude-sonnet-4-6";
const US_REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2"];
const PROFILE_ARN = `arn:aws:bedrock:us-east-1:${ACCOUNT}:inference-profile/us.${SONNET}`;

const policy = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Action: ["bedrock:InvokeModel"], Resource: PROFILE_ARN },
    {
      Effect: "Allow",
      Action: ["bedrock:InvokeModel"],
      Resource: US_REGIONS.map((r) => `arn:aws:bedrock:${r}::foundation-model/${SONNET}`),
      Condition: { StringEquals: { "bedrock:InferenceProfileArn": PROFILE_ARN } },
    },
    {
      Effect: "Allow",
      Action: [
        "aws-marketplace:Subscribe",
        "aws-marketplace:ViewSubscriptions",
        "bedrock:PutUseCaseForModelAccess",
        "bedrock:GetUseCaseForModelAccess",
        "bedrock:GetFoundationModelAvailability",
      ],
      Resource: "*",
    },
  ],
};

let moto: MotoServer;
let emulator: BedrockEmulator;
let credentials: Credentials;

/** Runs the aws CLI as the role, with no profile or config of the machine's own. */
async function aws(...args: string[]): Promise<string> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("AWS_")) env[k] = v;
  Object.assign(env, {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken ?? "",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_EC2_METADATA_DISABLED: "true",
  });
  const { stdout } = await run("aws", [...args, "--endpoint-url", emulator.url], { env, timeout: 30_000 });
  return stdout.trim();
}

beforeAll(async () => {
  moto = await startMoto();
  emulator = await startBedrockEmulator({ motoEndpoint: moto.endpoint, pendingMs: 0 });
  const role = await new MotoAccounts(moto.endpoint).role(ACCOUNT, {
    name: "bedrock-first-use",
    path: "/bedrock/",
    inline: { all: policy },
  });
  credentials = role.credentials;
}, 60_000);

afterAll(async () => {
  await emulator?.close();
  await moto?.stop();
});

it("serves the aws CLI: submit the form, converse through a profile, read availability", async () => {
  const form = JSON.stringify({ companyName: "Example Corp", useCases: "CLI check" });

  // CLI v1 base64-encodes blob arguments itself, so the form goes in as text (v2 would want base64).
  await aws("bedrock", "put-use-case-for-model-access", "--form-data", form);
  const stored = await aws("bedrock", "get-use-case-for-model-access", "--query", "formData", "--output", "text");
  const reply = await aws(
    "bedrock-runtime",
    "converse",
    "--model-id",
    `us.${SONNET}`,
    "--messages",
    '[{"role":"user","content":[{"text":"Reply with OK only."}]}]',
    "--query",
    "output.message.content[0].text",
    "--output",
    "text",
  );
  const availability = JSON.parse(await aws("bedrock", "get-foundation-model-availability", "--model-id", SONNET));

  expect(Buffer.from(stored, "base64").toString("utf8")).toBe(form);
  expect(emulator.state().forms[0]).toMatchObject({ account: ACCOUNT, formDataText: form });
  expect(reply).toBe("OK");
  expect(availability).toEqual({
    modelId: SONNET,
    agreementAvailability: { status: "AVAILABLE" },
    authorizationStatus: "AUTHORIZED",
    entitlementAvailability: "AVAILABLE",
    regionAvailability: "AVAILABLE",
  });
});

it("passes a base64 --form-data through as text, as CLI v1 does", async () => {
  const encoded = Buffer.from('{"companyName":"Example Corp"}').toString("base64");

  await aws("bedrock", "put-use-case-for-model-access", "--form-data", encoded);

  expect(emulator.state().forms[0]).toMatchObject({ formDataText: encoded, submissions: 2 });
});

it("shows AWS's error code and message through the CLI", async () => {
  const attempt = aws(
    "bedrock-runtime",
    "converse",
    "--model-id",
    `eu.${SONNET}`,
    "--messages",
    '[{"role":"user","content":[{"text":"hi"}]}]',
  );
  await expect(attempt).rejects.toThrow(
    /\(ValidationException\) when calling the Converse operation: The provided model identifier is invalid\./,
  );
});
