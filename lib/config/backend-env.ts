import { isRecord } from "../core/validation";

/**
 * Lets a pipeline choose the state backend without editing the reviewed config file:
 * `BEDROCK_ACCESS_BACKEND=local|s3|cloud`, with Terraform's own `TF_CLOUD_ORGANIZATION` /
 * `TF_CLOUD_HOSTNAME` and `BEDROCK_ACCESS_WORKSPACE_PREFIX` / `BEDROCK_ACCESS_WORKSPACE_TAGS` (comma-separated)
 * for Terraform Cloud, or `BEDROCK_ACCESS_STATE_BUCKET` / `BEDROCK_ACCESS_STATE_REGION` for S3. Values the
 * config file gives for the same backend type are kept unless an env variable overrides them. The result is
 * validated like the file, so a missing organization is reported as `backend.organization`.
 */
const BACKEND_ENV = "BEDROCK_ACCESS_BACKEND";

export function applyBackendEnv(input: unknown, env: NodeJS.ProcessEnv): unknown {
  const type = env[BACKEND_ENV];
  if (!type || !isRecord(input)) return input;
  const raw = input;
  const fromFile = isRecord(raw.backend) ? raw.backend : {};
  const base = fromFile.type === type ? fromFile : {};
  const defined = (entries: Record<string, unknown>) => Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
  const tags = env.BEDROCK_ACCESS_WORKSPACE_TAGS?.split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  const overrides =
    type === "cloud"
      ? defined({
          organization: env.TF_CLOUD_ORGANIZATION,
          hostname: env.TF_CLOUD_HOSTNAME,
          workspacePrefix: env.BEDROCK_ACCESS_WORKSPACE_PREFIX,
          workspaceTags: tags,
        })
      : type === "s3"
        ? defined({ bucket: env.BEDROCK_ACCESS_STATE_BUCKET, region: env.BEDROCK_ACCESS_STATE_REGION })
        : {};
  return { ...raw, backend: { ...base, ...overrides, type } };
}
