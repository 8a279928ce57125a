import {
  DescribePolicyCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  type OrganizationsClient,
} from "@aws-sdk/client-organizations";

export interface ScpPolicyDocument {
  /** `p-...` */
  readonly id: string;
  readonly name: string;
  /** As ListPoliciesForTarget gives it: `arn:aws:organizations::MGMT:policy/o-.../service_control_policy/p-...`. */
  readonly arn: string;
  readonly document: unknown;
}

/** The SCPs attached at each level, the root first, then each OU, then the account. */
export interface ScpLevels {
  readonly levels: readonly (readonly ScpPolicyDocument[])[];
}

const SCP = "SERVICE_CONTROL_POLICY";
/** OUs nest at most five deep below the root (AWS Organizations quotas); more means the answers are wrong. */
const MAX_DEPTH = 10;

async function attached(organizations: OrganizationsClient, targetId: string): Promise<ScpPolicyDocument[]> {
  const out: ScpPolicyDocument[] = [];
  let NextToken: string | undefined;
  do {
    const page = await organizations.send(new ListPoliciesForTargetCommand({ TargetId: targetId, Filter: SCP, NextToken }));
    for (const summary of page.Policies ?? []) {
      if (!summary.Id) throw new Error(`ListPoliciesForTarget ${targetId} returned a policy without Id`);
      const described = await organizations.send(new DescribePolicyCommand({ PolicyId: summary.Id }));
      const content = described.Policy?.Content;
      if (content === undefined) throw new Error(`DescribePolicy ${summary.Id} returned no Content`);
      out.push({
        id: summary.Id,
        name: summary.Name ?? summary.Id,
        arn: summary.Arn ?? summary.Id,
        document: JSON.parse(content) as unknown,
      });
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

/**
 * The SCPs in effect on `account`, read with the management account's `organizations` client: the root, each OU down to
 * the account, and the account, as AWS Organizations reports them. Undefined when the root does not have the SCP
 * policy type enabled: then no SCP applies.
 */
export async function loadScps(organizations: OrganizationsClient, account: string): Promise<ScpLevels | undefined> {
  const [root] = (await organizations.send(new ListRootsCommand({}))).Roots ?? [];
  if (!root?.Id) throw new Error("ListRoots returned no root");
  if (!(root.PolicyTypes ?? []).some((t) => t.Type === SCP && t.Status === "ENABLED")) return undefined;
  const path: string[] = [];
  let child = account;
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    const [parent] = (await organizations.send(new ListParentsCommand({ ChildId: child }))).Parents ?? [];
    if (!parent?.Id) throw new Error(`ListParents ${child} returned no parent`);
    if (parent.Type === "ROOT") {
      const levels = await Promise.all([root.Id, ...path, account].map((id) => attached(organizations, id)));
      return { levels };
    }
    path.unshift(parent.Id);
    child = parent.Id;
  }
  throw new Error(`ListParents from ${account}: no root within ${MAX_DEPTH} levels`);
}
