/**
 * One IAM policy statement: what the stacks write, what the plan review reads from a plan and what the SCP evaluator
 * reads from Organizations. Every list element is normalized (one string becomes a one-item list, de-duplicated and
 * sorted), Not… elements are kept beside their positive forms, Principal and Condition as written.
 *
 * Source: IAM User Guide, "IAM JSON policy element reference"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html): a statement has an Effect, an
 * Action or a NotAction, and a Resource or a NotResource unless it is in a resource-based (trust) policy, where it
 * names a Principal or NotPrincipal instead.
 */
import { isRecord } from "../../core/validation";
import type { PolicyDialect } from "./dialect";
import { conditionValues, normalized, oneOrMany, problem, stringList, type Problems } from "./private/json-elements";
import { READ } from "./private/read-mark";

export type Effect = "Allow" | "Deny";

/** IAM condition block: operator -> key -> value(s). */
export type Conditions = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

/** `"*"`, or principal type (`AWS`, `Federated`, `Service`, …) -> id(s), as written. */
export type Principal = string | Readonly<Record<string, string | readonly string[]>>;

/** One value of a condition: `StringLike token.actions.githubusercontent.com:sub = repo:org/app:*`. */
export interface ConditionEntry {
  readonly operator: string;
  readonly key: string;
  readonly value: string;
}

/** A statement as IAM's JSON writes it. */
export interface StatementJson {
  readonly Sid?: string;
  readonly Effect: Effect;
  readonly Principal?: Principal;
  readonly NotPrincipal?: Principal;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: Conditions;
}

/** A grant this project writes (the stacks' policies). */
export interface StatementProps {
  /** Letters and digits only, unique within a document. */
  readonly sid: string;
  /** @default "Allow" */
  readonly effect?: Effect;
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

/** A statement's elements as read from JSON (see `PolicyStatement.fromJson`). */
interface ReadElements extends Pick<
  PolicyStatement,
  "sid" | "effect" | "actions" | "notActions" | "resources" | "notResources" | "principal" | "notPrincipal" | "conditions"
> {
  readonly [READ]: true;
}

/** Our grants name their actions in full, or end in one `*` (never `?`). */
const GRANT_ACTION = /^[a-z0-9-]+:[A-Za-z]+\*?$/;
const SID = /^[A-Za-z0-9]+$/;
const ELEMENTS = new Set(["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"]);

export class PolicyValidationError extends Error {
  constructor(sid: string, problem: string) {
    super(`policy statement ${sid}: ${problem}`);
    this.name = "PolicyValidationError";
  }
}

export class PolicyStatement {
  /**
   * Reads one statement of a policy's JSON at `path` (`Statement[2]`), adding what is wrong to `problems`; what can be
   * read is kept, so a reviewer still sees the rest. Undefined when it is not an object.
   */
  static fromJson(json: unknown, path: string, problems: Problems, dialect: PolicyDialect): PolicyStatement | undefined {
    if (!isRecord(json)) {
      problems.push(problem(path, "expected a statement object", json));
      return undefined;
    }
    for (const key of Object.keys(json)) {
      if (!ELEMENTS.has(key)) problems.push(problem(`${path}.${key}`, "not a statement element"));
      else if (key.endsWith("Principal") && !dialect.principals)
        problems.push(problem(`${path}.${key}`, `${dialect.name} do not support ${key}`));
    }
    if (json.Sid !== undefined && typeof json.Sid !== "string") problems.push(problem(`${path}.Sid`, "expected a string", json.Sid));
    const hasPrincipal = json.Principal !== undefined || json.NotPrincipal !== undefined;
    const [actions, notActions] = listPair(json, "Action", path, problems, dialect.actionProblem, true);
    const [resources, notResources] = listPair(json, "Resource", path, problems, dialect.resourceProblem, !hasPrincipal);
    const principal = readPrincipal(json.Principal, `${path}.Principal`, problems);
    const notPrincipal = readPrincipal(json.NotPrincipal, `${path}.NotPrincipal`, problems);
    const conditions = readConditions(json.Condition, `${path}.Condition`, problems, dialect);
    return new PolicyStatement({
      [READ]: true,
      ...(typeof json.Sid === "string" && { sid: json.Sid }),
      effect: readEffect(json.Effect, path, problems),
      actions,
      notActions,
      resources,
      notResources,
      ...(principal !== undefined && { principal }),
      ...(notPrincipal !== undefined && { notPrincipal }),
      ...(conditions !== undefined && { conditions }),
    });
  }

  readonly sid?: string;
  readonly effect: Effect;
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  readonly principal?: Principal;
  readonly notPrincipal?: Principal;
  readonly conditions?: Conditions;

  /** A grant of ours, checked when built so a bad one fails at synth, not at apply. */
  constructor(props: StatementProps | ReadElements) {
    this.sid = props.sid;
    this.effect = props.effect ?? "Allow";
    this.actions = normalized(props.actions);
    this.resources = normalized(props.resources ?? []);
    this.principal = props.principal;
    this.conditions = props.conditions;
    if (READ in props) {
      this.notActions = normalized(props.notActions);
      this.notResources = normalized(props.notResources);
      this.notPrincipal = props.notPrincipal;
    } else {
      this.notActions = [];
      this.notResources = [];
      validateGrant(props);
    }
  }

  /** `AWS arn:…`, `Federated arn:…`, `Service ec2.amazonaws.com`, or `*` (also for `{"AWS": "*"}`), sorted. */
  get principalIds(): readonly string[] {
    return principalIds(this.principal);
  }

  get notPrincipalIds(): readonly string[] {
    return principalIds(this.notPrincipal);
  }

  /** Every value of the Condition block, one entry each (values sorted per key). */
  get conditionEntries(): readonly ConditionEntry[] {
    return Object.entries(this.conditions ?? {}).flatMap(([operator, keys]) =>
      Object.entries(keys).flatMap(([key, values]) => list(values).map((value) => ({ operator, key, value }))),
    );
  }

  toJSON(): StatementJson {
    return {
      ...(this.sid !== undefined && { Sid: this.sid }),
      Effect: this.effect,
      ...(this.principal !== undefined && { Principal: this.principal }),
      ...(this.notPrincipal !== undefined && { NotPrincipal: this.notPrincipal }),
      ...(this.actions.length > 0 && { Action: oneOrMany(this.actions) }),
      ...(this.notActions.length > 0 && { NotAction: oneOrMany(this.notActions) }),
      ...(this.resources.length > 0 && { Resource: oneOrMany(this.resources) }),
      ...(this.notResources.length > 0 && { NotResource: oneOrMany(this.notResources) }),
      ...(this.conditions && { Condition: this.conditions }),
    };
  }
}

const list = (value: string | readonly string[]): readonly string[] => (typeof value === "string" ? [value] : [...value].sort());

function principalIds(principal: Principal | undefined): readonly string[] {
  if (principal === undefined) return [];
  if (typeof principal === "string") return [principal];
  return Object.entries(principal)
    .flatMap(([type, ids]) => list(ids).map((id) => (id === "*" && type === "AWS" ? "*" : `${type} ${id}`)))
    .sort();
}

function validateGrant(props: StatementProps): void {
  const { sid, principal } = props;
  const fail = (problem: string) => {
    throw new PolicyValidationError(sid, problem);
  };
  const actions = normalized(props.actions);
  if (!SID.test(sid)) fail("Sid must be letters and digits");
  if (actions.length === 0) fail("no actions");
  for (const action of actions) if (!GRANT_ACTION.test(action)) fail(`malformed action ${JSON.stringify(action)}`);
  if (principal === undefined) {
    if (!props.resources || props.resources.length === 0) fail("no resources");
    else if (props.resources.includes("*") && !(props.allowAnyResource ?? false))
      fail(`Resource "*" is not allowed for ${actions.join(", ")}`);
  } else if (props.resources) {
    fail("a trust statement takes a principal, not resources");
  }
}

function readEffect(value: unknown, path: string, problems: Problems): Effect {
  if (value === "Allow" || value === "Deny") return value;
  problems.push(problem(`${path}.Effect`, 'expected "Allow" or "Deny"', value ?? "nothing"));
  // A reviewer would rather see a malformed statement judged as a grant than skipped.
  return "Allow";
}

/** `name` and `Not${name}`: exactly one of them (when `required`), each a list of patterns `check` accepts. */
function listPair(
  json: Record<string, unknown>,
  name: "Action" | "Resource",
  path: string,
  problems: Problems,
  check: ((pattern: string) => string | undefined) | undefined,
  required: boolean,
): readonly [string[], string[]] {
  const notName = `Not${name}`;
  const hasPlain = json[name] !== undefined;
  const hasNot = json[notName] !== undefined;
  if (hasPlain && hasNot) problems.push(problem(path, `has both ${name} and ${notName}; expected one`));
  else if (!hasPlain && !hasNot && required) problems.push(problem(path, `expected ${name} or ${notName}`));
  const read = (element: string): string[] => {
    const raw = json[element];
    if (raw === undefined) return [];
    const patterns = stringList(raw, `${path}.${element}`, problems);
    patterns.forEach((pattern, i) => {
      const wrong = check?.(pattern);
      if (wrong) problems.push(problem(`${path}.${element}${Array.isArray(raw) ? `[${i}]` : ""}`, wrong, pattern));
    });
    return patterns;
  };
  return [read(name), read(notName)];
}

function readPrincipal(value: unknown, path: string, problems: Problems): Principal | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") {
    if (value !== "*") problems.push(problem(path, 'expected "*" or an object of principal type → id(s)', value));
    return value;
  }
  if (!isRecord(value)) {
    problems.push(problem(path, 'expected "*" or an object of principal type → id(s)', value));
    return undefined;
  }
  return Object.fromEntries(
    Object.entries(value).map(([type, ids]) => [type, typeof ids === "string" ? ids : stringList(ids, `${path}.${type}`, problems)]),
  );
}

function readConditions(block: unknown, path: string, problems: Problems, dialect: PolicyDialect): Conditions | undefined {
  if (block === undefined) return undefined;
  if (!isRecord(block)) {
    problems.push(problem(path, "expected an object of operator → key → value(s)", block));
    return undefined;
  }
  const conditions: Record<string, Record<string, string | readonly string[]>> = {};
  for (const [operator, keys] of Object.entries(block)) {
    const wrong = dialect.operatorProblem?.(operator);
    if (wrong) {
      problems.push(problem(`${path}.${operator}`, wrong));
      continue;
    }
    if (!isRecord(keys) || Object.keys(keys).length === 0) {
      problems.push(problem(`${path}.${operator}`, "expected an object of condition key → value(s)", keys));
      continue;
    }
    conditions[operator] = Object.fromEntries(
      Object.entries(keys).map(([key, raw]) => {
        const values = conditionValues(raw, `${path}.${operator}.${key}`, problems);
        for (const value of values) {
          const wrongValue = dialect.conditionValueProblem?.(operator, value);
          if (wrongValue) problems.push(problem(`${path}.${operator}.${key}`, wrongValue, value));
        }
        // One value stays one string, as written, so a document reads back as it renders.
        return [key, Array.isArray(raw) || values.length !== 1 ? values : values[0]];
      }),
    );
  }
  return conditions;
}
