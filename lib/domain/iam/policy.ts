/** IAM condition block: operator -> key -> value(s). */
export type Conditions = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

export type Principal = { readonly AWS: readonly string[] } | { readonly Federated: string } | { readonly Service: readonly string[] };

export interface StatementProps {
  /** Letters and digits only, unique within a document. */
  readonly sid: string;
  /** @default "Allow" */
  readonly effect?: "Allow" | "Deny";
  readonly actions: readonly string[];
  /** Omitted for trust policies. */
  readonly resources?: readonly string[];
  readonly principal?: Principal;
  readonly conditions?: Conditions;
  /**
   * Set for actions that support no resource-level permissions (the Marketplace actions, the use-case
   * form): only then may `resources` be `["*"]`.
   * @default false
   */
  readonly allowAnyResource?: boolean;
}

const ACTION = /^[a-z0-9-]+:[A-Za-z]+\*?$/;
const SID = /^[A-Za-z0-9]+$/;

export class PolicyValidationError extends Error {
  constructor(sid: string, problem: string) {
    super(`policy statement ${sid}: ${problem}`);
    this.name = "PolicyValidationError";
  }
}

/** A policy statement that checks itself when built, so a bad grant fails at synth, not at apply. */
export class PolicyStatement {
  readonly sid: string;
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly resources?: readonly string[];
  readonly principal?: Principal;
  readonly conditions?: Conditions;

  constructor(props: StatementProps) {
    this.sid = props.sid;
    this.effect = props.effect ?? "Allow";
    this.actions = [...new Set(props.actions)].sort();
    this.resources = props.resources && [...new Set(props.resources)].sort();
    this.principal = props.principal;
    this.conditions = props.conditions;
    this.validate(props.allowAnyResource ?? false);
  }

  private validate(allowAnyResource: boolean): void {
    const fail = (problem: string) => {
      throw new PolicyValidationError(this.sid, problem);
    };
    if (!SID.test(this.sid)) fail("Sid must be letters and digits");
    if (this.actions.length === 0) fail("no actions");
    for (const action of this.actions) if (!ACTION.test(action)) fail(`malformed action ${JSON.stringify(action)}`);
    if (this.principal === undefined) {
      if (!this.resources || this.resources.length === 0) fail("no resources");
      else if (this.resources.includes("*") && !allowAnyResource) fail(`Resource "*" is not allowed for ${this.actions.join(", ")}`);
    } else if (this.resources) {
      fail("a trust statement takes a principal, not resources");
    }
  }

  toJSON(): Record<string, unknown> {
    return {
      Sid: this.sid,
      Effect: this.effect,
      ...(this.principal && { Principal: this.principal }),
      Action: this.actions.length === 1 ? this.actions[0] : this.actions,
      ...(this.resources && { Resource: this.resources.length === 1 ? this.resources[0] : this.resources }),
      ...(this.conditions && { Condition: this.conditions }),
    };
  }
}

/** Managed policies are limited to 6,144 characters, not counting whitespace. */
export const MANAGED_POLICY_MAX_CHARS = 6144;

export class PolicyDocument {
  readonly statements: readonly PolicyStatement[];

  constructor(statements: readonly PolicyStatement[]) {
    const sids = statements.map((s) => s.sid);
    const duplicate = sids.find((sid, i) => sids.indexOf(sid) !== i);
    if (duplicate) throw new PolicyValidationError(duplicate, "duplicate Sid in one document");
    this.statements = statements;
  }

  toJSON(): Record<string, unknown> {
    return { Version: "2012-10-17", Statement: this.statements.map((s) => s.toJSON()) };
  }

  /** Compact JSON, as IAM stores it (so Terraform sees no whitespace drift). */
  render(): string {
    return JSON.stringify(this.toJSON());
  }

  /** Throws when the document would exceed IAM's managed-policy size. */
  assertFitsManagedPolicy(name: string): this {
    const size = this.render().replace(/\s/g, "").length;
    if (size > MANAGED_POLICY_MAX_CHARS) {
      throw new PolicyValidationError(
        name,
        `${size} characters exceeds the managed-policy limit of ${MANAGED_POLICY_MAX_CHARS}; enable fewer profiles per account or split the models across accounts`,
      );
    }
    return this;
  }
}

/**
 * Managed policies a role may have attached: 10 by default, 20 with a quota increase (AWS Knowledge Center,
 * "How do I increase the default managed policy or character size limit for an IAM role or user?").
 * A role of ours gets at most this many of our own, leaving room for others (RunsOn's instance roles have theirs).
 */
export const MAX_OWN_MANAGED_POLICIES_PER_ROLE = 5;

/** The statement's size as IAM counts it (no whitespace) inside a document. */
const statementChars = (statement: PolicyStatement): number => JSON.stringify(statement.toJSON()).replace(/\s/g, "").length;

/**
 * Packs statements, in order, into as few managed policies as fit IAM's 6,144-character limit; throws when one
 * statement alone does not fit or more than `maxPolicies` would be needed.
 */
export function packManagedPolicies(
  name: string,
  statements: readonly PolicyStatement[],
  maxPolicies = MAX_OWN_MANAGED_POLICIES_PER_ROLE,
): PolicyDocument[] {
  const envelope = new PolicyDocument([]).render().length;
  const groups: PolicyStatement[][] = [];
  let size = envelope;
  for (const statement of statements) {
    const chars = statementChars(statement) + 1;
    if (envelope + chars > MANAGED_POLICY_MAX_CHARS) new PolicyDocument([statement]).assertFitsManagedPolicy(name);
    if (groups.length === 0 || size + chars > MANAGED_POLICY_MAX_CHARS) {
      groups.push([]);
      size = envelope;
    }
    groups[groups.length - 1].push(statement);
    size += chars;
  }
  if (groups.length > maxPolicies) {
    throw new PolicyValidationError(
      name,
      `needs ${groups.length} managed policies of ${MANAGED_POLICY_MAX_CHARS} characters; at most ${maxPolicies} are attached per role. Enable fewer models or profiles per account, or split them across accounts`,
    );
  }
  return groups.map((group) => new PolicyDocument(group).assertFitsManagedPolicy(name));
}
