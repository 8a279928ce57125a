/** Bedrock ARNs as AWS writes them. The emulator keeps its own builders: it models AWS, not the project. */
export const foundationModelArn = (region: string, modelId: string): string => `arn:aws:bedrock:${region}::foundation-model/${modelId}`;

export const inferenceProfileArn = (region: string, account: string, profileId: string): string =>
  `arn:aws:bedrock:${region}:${account}:inference-profile/${profileId}`;

const FOUNDATION_MODEL_ARN = /^arn:aws:bedrock:([a-z0-9-]*)::foundation-model\/(.+)$/;
const INFERENCE_PROFILE_ARN = /^arn:aws:bedrock:([a-z0-9-]+):(\d{12}):inference-profile\/(.+)$/;

export function parseFoundationModelArn(arn: string): { region: string; modelId: string } | undefined {
  const m = FOUNDATION_MODEL_ARN.exec(arn);
  return m ? { region: m[1], modelId: m[2] } : undefined;
}

export function parseInferenceProfileArn(arn: string): { region: string; account: string; profileId: string } | undefined {
  const m = INFERENCE_PROFILE_ARN.exec(arn);
  return m ? { region: m[1], account: m[2], profileId: m[3] } : undefined;
}

/**
 * A bedrock-mantle project (Service Authorization Reference, "Actions, resources, and condition keys for Amazon Bedrock
 * Powered by AWS Mantle": `arn:${Partition}:bedrock-mantle:${Region}:${Account}:project/${ResourceId}`, the only
 * resource type of CreateInference).
 */
export const mantleProjectArn = (region: string, account: string, projectId: string): string =>
  `arn:aws:bedrock-mantle:${region}:${account}:project/${projectId}`;
