import { maskAccessKeyId, maskSecrets } from "../../lib/core/redact";

/*
 * Made-up credentials of every shape: AWS's documentation example keys, and tokens built here from their public
 * formats (nothing here was ever issued).
 */
const b64 = (text: string) => Buffer.from(text).toString("base64");
const b64url = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

const KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const TEMPORARY_KEY_ID = "ASIAY34FZKBOKMUTVV7A";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const SESSION_TOKEN = `IQoJb3JpZ2lu${b64("a made-up session token for a test; ".repeat(6))}`;
const OLDER_SESSION_TOKEN = `FwoGZXIvYXdzE${b64("an older made-up session token; ".repeat(5))}`;
/** A session token without a prefix we know: masked only where a key names it. */
const OPAQUE_TOKEN = "EXAMPLEopaqueSessionToken0123456789abcdef/EXAMPLE+==";
const JWT = [
  b64url({ alg: "RS256", typ: "JWT", kid: "example" }),
  b64url({ iss: "https://token.actions.githubusercontent.com", sub: "repo:example-org/app:ref:refs/heads/main", aud: "sts.amazonaws.com" }),
  b64url("not a signature, made up for a test"),
].join(".");
const GITHUB_TOKEN_BODY = "EXAMPLE0123456789abcdefEXAMPLE012345";
const FINE_GRAINED_PAT = `github_pat_11EXAMPLE0123456789abcd_${"EXAMPLEfineGrained0123456789".repeat(2)}`;
const HCP_TOKEN = `EXAMPLEtoken01.atlasv1.${"EXAMPLEhcpTerraformToken0123456789-_".repeat(2)}`;
const BEARER = "EXAMPLE.opaque-bearer~token_0123456789abcdef";
const SIGNATURE = "0123456789abcdef".repeat(4);

describe("maskSecrets", () => {
  it.each([
    ["a temporary access key id (ASIA)", `denied for ${TEMPORARY_KEY_ID}`, "denied for ASIA…VV7A"],
    [
      "a long-term access key id (AKIA)",
      `The security token ${KEY_ID} is not authorized`,
      "The security token AKIA…MPLE is not authorized",
    ],
    ["a key id right after a JSON escape", `first line\\n${KEY_ID}`, "first line\\nAKIA…MPLE"],
    ["aws_secret_access_key in a credentials file", `aws_secret_access_key = ${SECRET}`, "aws_secret_access_key = …"],
    ["AWS_SECRET_ACCESS_KEY in an environment echo", `AWS_SECRET_ACCESS_KEY=${SECRET}`, "AWS_SECRET_ACCESS_KEY=…"],
    ["SecretAccessKey in STS's JSON", `{"SecretAccessKey":"${SECRET}"}`, '{"SecretAccessKey":"…"}'],
    ["SecretAccessKey in JSON inside a JSON string", `"{\\"SecretAccessKey\\": \\"${SECRET}\\"}"`, '"{\\"SecretAccessKey\\": \\"…\\"}"'],
    ["SecretAccessKey in STS's XML", `<SecretAccessKey>${SECRET}</SecretAccessKey>`, "<SecretAccessKey>…</SecretAccessKey>"],
    ["secretAccessKey in a printed SDK object", `{ secretAccessKey: '${SECRET}' }`, "{ secretAccessKey: '…' }"],
    ["aws_session_token in a credentials file", `aws_session_token=${OPAQUE_TOKEN}`, "aws_session_token=…"],
    ["AWS_SESSION_TOKEN in a shell export", `export AWS_SESSION_TOKEN="${OPAQUE_TOKEN}"`, 'export AWS_SESSION_TOKEN="…"'],
    ["SessionToken in STS's JSON", `"SessionToken": "${SESSION_TOKEN}"`, '"SessionToken": "…"'],
    ["SessionToken in STS's XML", `<SessionToken>${OPAQUE_TOKEN}</SessionToken>`, "<SessionToken>…</SessionToken>"],
    ["X-Amz-Security-Token as a request header", `x-amz-security-token: ${OPAQUE_TOKEN}`, "x-amz-security-token: …"],
    [
      "X-Amz-Security-Token in a presigned URL, URL-encoded",
      `?X-Amz-Security-Token=${encodeURIComponent(SESSION_TOKEN)}&X-Amz-Date=20260101T000000Z`,
      "?X-Amz-Security-Token=…&X-Amz-Date=20260101T000000Z",
    ],
    ["a session token on its own (IQoJb3JpZ2lu…)", `token ${SESSION_TOKEN} expired`, "token IQoJ… expired"],
    ["an older session token on its own (FwoGZXIvYXdzE…)", `token ${OLDER_SESSION_TOKEN}.`, "token FwoG…."],
    ["a JWT (GitHub OIDC token)", `id token ${JWT} rejected`, "id token eyJ… rejected"],
    ["a classic GitHub personal access token", `ghp_${GITHUB_TOKEN_BODY}`, "ghp_…"],
    ["a GitHub OAuth token", `gho_${GITHUB_TOKEN_BODY}`, "gho_…"],
    ["a GitHub user-to-server token", `ghu_${GITHUB_TOKEN_BODY}`, "ghu_…"],
    ["a GitHub server-to-server token (GITHUB_TOKEN)", `GITHUB_TOKEN=ghs_${GITHUB_TOKEN_BODY}`, "GITHUB_TOKEN=ghs_…"],
    ["a GitHub refresh token", `ghr_${GITHUB_TOKEN_BODY}`, "ghr_…"],
    [
      "a fine-grained GitHub token",
      `https://x-access-token:${FINE_GRAINED_PAT}@github.com/`,
      "https://x-access-token:github_pat_…@github.com/",
    ],
    ["an HCP Terraform token in the environment", `TF_TOKEN_app_terraform_io=${HCP_TOKEN}`, "TF_TOKEN_app_terraform_io=….atlasv1.…"],
    ["an HCP Terraform token in credentials.tfrc.json", `{"token": "${HCP_TOKEN}"}`, '{"token": "….atlasv1.…"}'],
    ["a bearer token", `Authorization: Bearer ${BEARER}`, "Authorization: Bearer …"],
    [
      "a presigned URL's X-Amz-Signature",
      `&X-Amz-SignedHeaders=host&X-Amz-Signature=${SIGNATURE}`,
      "&X-Amz-SignedHeaders=host&X-Amz-Signature=…",
    ],
    [
      "a Signature Version 4 Authorization header",
      `Authorization: AWS4-HMAC-SHA256 Credential=${KEY_ID}/20260101/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=${SIGNATURE}`,
      "Authorization: AWS4-HMAC-SHA256 Credential=AKIA…MPLE/20260101/us-east-1/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature=…",
    ],
  ])("masks %s", (_shape, text, masked) => {
    expect(maskSecrets(text)).toBe(masked);
  });

  it("masks every credential of a presigned URL and keeps the rest", () => {
    const url =
      "https://bucket.s3.us-east-1.amazonaws.com/report.json?X-Amz-Algorithm=AWS4-HMAC-SHA256" +
      `&X-Amz-Credential=${TEMPORARY_KEY_ID}%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=900` +
      `&X-Amz-Security-Token=${encodeURIComponent(SESSION_TOKEN)}&X-Amz-SignedHeaders=host&X-Amz-Signature=${SIGNATURE}`;

    expect(maskSecrets(url)).toBe(
      "https://bucket.s3.us-east-1.amazonaws.com/report.json?X-Amz-Algorithm=AWS4-HMAC-SHA256" +
        "&X-Amz-Credential=ASIA…VV7A%2F20260101%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-Expires=900" +
        "&X-Amz-Security-Token=…&X-Amz-SignedHeaders=host&X-Amz-Signature=…",
    );
  });

  it.each([
    ["a git commit SHA", "commit 3f786850e387550fdab836ed7e6dc881de23001b (HEAD -> main)"],
    ["a git SHA as a JSON value", '{"sha": "3f786850e387550fdab836ed7e6dc881de23001b"}'],
    ["a 40-character hex id", "request 0123456789abcdef0123456789abcdef01234567 failed"],
    ["account ids", "accounts 111111111111, 222222222222 and 333333333333"],
    ["a role ARN", "arn:aws:iam::222222222222:role/bedrock/bedrock-first-use"],
    ["a foundation model ARN", "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-5-5"],
    ["an inference profile ARN", "arn:aws:bedrock:eu-west-1:222222222222:inference-profile/global.anthropic.claude-opus-4-6-v1"],
    ["model ids", "anthropic.claude-sonnet-5-5, us.anthropic.claude-sonnet-4-6 and anthropic.claude-opus-4-6-v1"],
    ["a role's unique id", "AROA3XFRBF535PLBIFPI4 is not an access key id"],
    ["a base64 policy hash in text", "policy hash 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU= unchanged"],
    ["a base64 hash as a JSON value", '{"source_code_hash": "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="}'],
    [
      "AWS's message about a bad signature",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
    ],
    ["AWS's message about an invalid token", "The security token included in the request is invalid."],
    ["a word after Bearer", "expected a Bearer token"],
    ["an empty variable before the next one", "AWS_SESSION_TOKEN=\nAWS_DEFAULT_REGION=eu-central-1-and-more-text"],
    ["a run id and session name", "bedrock-org-access-enable-20250102T030405Z-4000"],
    ["Organization ids", "o-exampleorg1, r-ab12, ou-ab12-11111111, p-FullAWSAccess"],
  ])("leaves %s alone", (_what, text) => {
    expect(maskSecrets(text)).toBe(text);
  });

  it("is idempotent: masked text masks to itself", () => {
    const text = [
      KEY_ID,
      `AWS_SECRET_ACCESS_KEY=${SECRET}`,
      `"SessionToken": "${SESSION_TOKEN}"`,
      JWT,
      `ghs_${GITHUB_TOKEN_BODY}`,
      HCP_TOKEN,
      `Bearer ${BEARER}`,
      `X-Amz-Signature=${SIGNATURE}`,
    ].join("\n");
    const once = maskSecrets(text);

    expect(maskSecrets(once)).toBe(once);
  });
});

describe("maskSecrets on JSON text", () => {
  /** Every string in a JSON value, masked on its own. */
  const maskStrings = (value: unknown): unknown =>
    typeof value === "string"
      ? maskSecrets(value)
      : Array.isArray(value)
        ? value.map(maskStrings)
        : value !== null && typeof value === "object"
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskStrings(v)]))
          : value;

  const document = {
    message: `AccessDenied for ${TEMPORARY_KEY_ID}\n${KEY_ID}\tAWS_SECRET_ACCESS_KEY=${SECRET}\nAWS_SESSION_TOKEN="${OPAQUE_TOKEN}"`,
    response: JSON.stringify({ Credentials: { AccessKeyId: TEMPORARY_KEY_ID, SecretAccessKey: SECRET, SessionToken: SESSION_TOKEN } }),
    xml: `<Credentials>\n<SessionToken>${OPAQUE_TOKEN}</SessionToken>\n<SecretAccessKey>${SECRET}</SecretAccessKey>`,
    lines: [`\n${JWT}`, `\n${HCP_TOKEN}`, `\nghp_${GITHUB_TOKEN_BODY}`, `\nBearer ${BEARER}`, `\n${SESSION_TOKEN}`],
    nested: { SecretAccessKey: SECRET, sessionToken: OPAQUE_TOKEN, tags: { token: `>${HCP_TOKEN}<` } },
    untouched: { sha: "3f786850e387550fdab836ed7e6dc881de23001b", account: "222222222222", quote: 'say "hi"\\' },
  };

  /** Each string masked on its own, and the values of JSON keys that name a secret or a session token. */
  const expected = {
    ...(maskStrings(document) as object),
    nested: { SecretAccessKey: "…", sessionToken: "…", tags: { token: ">….atlasv1.…<" } },
  };

  it("stays valid, masks each string in it as maskSecrets masks the string, and the values of keys that name a credential", () => {
    const masked = maskSecrets(JSON.stringify(document, null, 2));

    expect(JSON.parse(masked)).toEqual(expected);
    expect(masked).not.toMatch(/wJalrXUtnFEMI|EXAMPLEopaque|b3JpZ2lu|atlasv1\.EXAMPLE|EXAMPLE0123456789abcdef|opaque-bearer/);
  });

  it("stays valid as Terraform writes it, with <, > and & escaped", () => {
    const terraformJson = JSON.stringify(document).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");

    expect(JSON.parse(maskSecrets(terraformJson))).toEqual(expected);
  });
});

describe("maskAccessKeyId", () => {
  it("keeps the prefix and the last four characters", () => {
    expect(maskAccessKeyId(TEMPORARY_KEY_ID)).toBe("ASIA…VV7A");
    expect(maskAccessKeyId("short")).toBe("…");
  });
});
