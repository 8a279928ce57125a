import { expressionReferences, type PlanJson, type ResourceChange } from "./plan-json";

/** Lookups by address, built once per plan: a plan can hold 100,000 resources, and the review stays linear. */
export interface PlanIndex {
  change(address: string): ResourceChange | undefined;
  /** The references of one configuration expression (`policy_arn` → ["aws_iam_policy.x.arn", "aws_iam_policy.x"]). */
  references(address: string, attribute: string): string[];
  /**
   * Whether the configuration sets the attribute (a computed attribute it leaves unset is unknown on create and
   * mirrors other resources after). A resource the plan's configuration does not describe counts as setting it.
   */
  configures(address: string, attribute: string): boolean;
}

const cache = new WeakMap<PlanJson, PlanIndex>();

export function planIndex(plan: PlanJson): PlanIndex {
  let index = cache.get(plan);
  if (!index) {
    const changes = new Map(plan.resource_changes.map((c) => [c.address, c]));
    const config = new Map(plan.configuration.root_module.resources.map((r) => [r.address, r]));
    index = {
      change: (address) => changes.get(address),
      references: (address, attribute) => expressionReferences(config.get(address)?.expressions[attribute]),
      configures: (address, attribute) => {
        const resource = config.get(address);
        return resource === undefined || resource.expressions[attribute] !== undefined;
      },
    };
    cache.set(plan, index);
  }
  return index;
}
