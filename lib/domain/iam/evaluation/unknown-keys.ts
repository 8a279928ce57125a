/**
 * Statements whose effect on a request the caller cannot know: they cover its action and resource, but their
 * conditions test context keys the request does not give (aws:SourceIp, aws:PrincipalTag/…, aws-marketplace:ProductId
 * …). AWS fills those from the real request ("AWS global condition context keys", IAM User Guide,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html), so evaluating them as
 * absent could report a denial AWS would not make, or miss one it would.
 */
import { coversAction, coversResource } from "../matching";
import { normalizeContext } from "./request-context";
import type { ScpChain, ScpRequest, StatementRef } from "./scp-decision";

export interface StatementOnUnknownKeys {
  readonly ref: StatementRef;
  readonly effect: "Allow" | "Deny";
  /** The condition keys, as the policy spells them, that the request's context lacks. */
  readonly keys: readonly string[];
}

export function statementsOnUnknownKeys(request: ScpRequest, chain: ScpChain): StatementOnUnknownKeys[] {
  if (chain.isManagementAccount) return [];
  const context = normalizeContext(request.context);
  const levels = [
    { ref: { kind: "root" as const, id: chain.root.id }, level: chain.root },
    ...chain.ous.map((ou) => ({ ref: { kind: "ou" as const, id: ou.id }, level: ou })),
    { ref: { kind: "account" as const, id: chain.account.id }, level: chain.account },
  ];
  return levels.flatMap(({ ref, level }) =>
    level.policies.flatMap((policy) =>
      policy.document.statements.flatMap((statement): StatementOnUnknownKeys[] => {
        if (!coversAction(statement.statement, request.action)) return [];
        if (!coversResource(statement.statement, request.resource)) return [];
        const keys = [...new Set(statement.conditions.map((c) => c.key).filter((key) => !context.has(key.toLowerCase())))];
        if (keys.length === 0) return [];
        return [
          {
            ref: {
              level: ref,
              policyId: policy.id,
              policyName: policy.name,
              ...(statement.sid !== undefined && { sid: statement.sid }),
              index: statement.index,
            },
            effect: statement.effect,
            keys,
          },
        ];
      }),
    ),
  );
}
