import { runSimulation } from "@cloud-copilot/iam-simulate";
import type { PolicyJson } from "./synth";

export interface SimulatedRequest {
  readonly policies: readonly PolicyJson[];
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly accountId: string;
  readonly context?: Record<string, string | string[]>;
}

/** Evaluates identity policies with @cloud-copilot/iam-simulate; throws on a request the simulator rejects as invalid. */
export async function decide(request: SimulatedRequest): Promise<string> {
  const response = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.accountId },
        contextVariables: request.context ?? {},
      },
      identityPolicies: request.policies.map((policy, i) => ({ name: `policy${i}`, policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (response.resultType === "error") throw new Error(`simulator rejected the request: ${JSON.stringify(response.errors)}`);
  return response.overallResult;
}
