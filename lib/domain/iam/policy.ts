/**
 * An IAM policy document: built from the stacks' statements and rendered for Terraform, or read from JSON (a plan, an
 * SCP) with every problem named.
 */
import { errorMessage, InputError } from "../../core/errors";
import { isRecord } from "../../core/validation";
import { ANY_POLICY, type PolicyDialect } from "./dialect";
import { problem, shown, type Problems } from "./private/json-elements";
import { READ } from "./private/read-mark";
import { PolicyStatement, PolicyValidationError, type StatementJson } from "./statement";

const VERSION = "2012-10-17";
/** Managed policies are limited to 6,144 characters, not counting whitespace. */
const MANAGED_POLICY_MAX_CHARS = 6144;
const DOCUMENT_ELEMENTS = new Set(["Version", "Id", "Statement"]);

export interface PolicyDocumentJson {
  readonly Version: string;
  readonly Statement: readonly StatementJson[];
}

/** A document read from JSON, with what is wrong with it; or, when it is not a JSON object at all, why. */
export type PolicyReading =
  | { readonly document: PolicyDocument; readonly problems: readonly string[] }
  | { readonly document?: undefined; readonly unreadable: string };

function readStatements(json: Record<string, unknown>, problems: Problems, dialect: PolicyDialect): PolicyStatement[] {
  const raw = json.Statement;
  if (raw === undefined) {
    problems.push(problem("Statement", "missing"));
    return [];
  }
  if (Array.isArray(raw) && raw.length === 0) problems.push(problem("Statement", "expected at least one statement", raw));
  const list: readonly unknown[] = Array.isArray(raw) ? raw : [raw];
  return list.flatMap(
    (item, i) => PolicyStatement.fromJson(item, Array.isArray(raw) ? `Statement[${i}]` : "Statement", problems, dialect) ?? [],
  );
}

export class PolicyDocument {
  /**
   * Reads a policy (its JSON text, or already parsed) as far as it can: a reviewer reads what is there, an evaluator
   * refuses a document with problems. `dialect` adds what one kind of policy requires (an SCP: no Principal).
   */
  static read(input: unknown, dialect: PolicyDialect = ANY_POLICY): PolicyReading {
    let json: unknown = input;
    if (typeof input === "string") {
      try {
        json = JSON.parse(input);
      } catch (err) {
        return { unreadable: `not JSON: ${errorMessage(err)}` };
      }
    }
    if (!isRecord(json)) return { unreadable: `expected a JSON object (got ${shown(json)})` };
    const problems: Problems = [];
    for (const key of Object.keys(json)) if (!DOCUMENT_ELEMENTS.has(key)) problems.push(problem(key, "not a policy element"));
    if (dialect.version !== undefined && json.Version !== dialect.version)
      problems.push(problem("Version", `expected "${dialect.version}"`, json.Version ?? "nothing"));
    const statements = readStatements(json, problems, dialect);
    return { document: new PolicyDocument(statements, READ), problems };
  }

  /** Reads a policy that must be valid; throws an InputError naming every problem. */
  static fromJson(input: unknown, dialect: PolicyDialect = ANY_POLICY): PolicyDocument {
    const reading = PolicyDocument.read(input, dialect);
    if (!reading.document) throw new InputError("not a valid policy document", [`(root): ${reading.unreadable}`]);
    if (reading.problems.length > 0) throw new InputError("not a valid policy document", reading.problems);
    return reading.document;
  }

  readonly statements: readonly PolicyStatement[];

  /** Our documents' Sids are unique (IAM does not require it of every document it stores). */
  constructor(statements: readonly PolicyStatement[], read?: typeof READ) {
    if (read !== READ) {
      const sids = statements.map((s) => s.sid);
      const duplicate = sids.find((sid, i) => sid !== undefined && sids.indexOf(sid) !== i);
      if (duplicate) throw new PolicyValidationError(duplicate, "duplicate Sid in one document");
    }
    this.statements = statements;
  }

  toJSON(): PolicyDocumentJson {
    return { Version: VERSION, Statement: this.statements.map((s) => s.toJSON()) };
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
const MAX_OWN_MANAGED_POLICIES_PER_ROLE = 5;

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
