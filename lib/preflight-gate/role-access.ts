import { AwsCallError, type EnablementAws } from "../enablement/aws/port";
import { PreflightCallError, type RoleAccess } from "../preflight/aws/port";

const asPreflightError = (err: unknown): unknown =>
  err instanceof AwsCallError ? new PreflightCallError(err.operation, err.code, `${err.code}: ${err.message}`) : err;

/** Preflight's view of the roles, on the enablement's AWS adapter: the same STS client, credentials and timeouts as enable. */
export function roleAccess(aws: EnablementAws, sessionName: string): RoleAccess {
  return {
    assume: async (roleArn) => {
      const session = await aws.assumeRole(roleArn, sessionName).catch((err: unknown) => {
        throw asPreflightError(err);
      });
      return {
        anthropicModelIds: (region) =>
          aws.listFoundationModels(session, region, "Anthropic").catch((err: unknown) => {
            throw asPreflightError(err);
          }),
        useCaseFormSubmitted: (region) =>
          aws.getUseCase(session, region).then(
            (form) => form !== undefined,
            (err: unknown) => {
              throw asPreflightError(err);
            },
          ),
      };
    },
  };
}
