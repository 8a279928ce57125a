import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { runCli } from "../../lib/cli/run-cli";
import { testIo } from "../helpers/cli-io";
import { IAM_EXAMPLES_DIR, PROJECT } from "./workflow-files";

/**
 * examples/iam/: the trust policies the workflow headers point at, one per role. Each takes web-identity tokens of one
 * provider and names every claim it checks with StringEquals, so no pattern widens it.
 */
const trustPolicySchema = z
  .object({
    Version: z.literal("2012-10-17"),
    Statement: z
      .array(
        z
          .object({
            Sid: z.string().regex(/^[A-Za-z0-9]+$/),
            Effect: z.literal("Allow"),
            Principal: z.object({ Federated: z.string() }).strict(),
            Action: z.literal("sts:AssumeRoleWithWebIdentity"),
            Condition: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.array(z.string()).min(1)]))),
          })
          .strict(),
      )
      .length(1),
  })
  .strict();
type TrustPolicy = z.infer<typeof trustPolicySchema>;

const GITHUB = "token.actions.githubusercontent.com";
const HCP = "app.terraform.io";
const REPOSITORY = "example-org/bedrock-access";

const files = readdirSync(IAM_EXAMPLES_DIR)
  .filter((f) => f.endsWith(".json"))
  .sort();
const read = (file: string): TrustPolicy => trustPolicySchema.parse(JSON.parse(readFileSync(join(IAM_EXAMPLES_DIR, file), "utf8")));
/** The StringEquals block of the policy's statement: every claim it checks. */
const claims = (file: string): Record<string, string | string[]> => read(file).Statement[0].Condition.StringEquals ?? {};

describe("example trust policies (examples/iam/)", () => {
  it("has one for each role the workflows assume", () => {
    expect(files).toEqual([
      "discover-role-trust.json",
      "hcp-apply-role-trust.json",
      "hcp-plan-role-trust.json",
      "pipeline-role-trust.json",
      "plan-role-trust.json",
    ]);
  });

  it.each(files)("%s is a trust policy for web-identity tokens of one OIDC provider", (file) => {
    const [statement] = read(file).Statement;
    const provider = file.startsWith("hcp-") ? HCP : GITHUB;
    expect(statement.Principal.Federated).toBe(`arn:aws:iam::111111111111:oidc-provider/${provider}`);
    // Every claim it checks is the provider's own.
    expect(Object.keys(claims(file)).filter((key) => !key.startsWith(`${provider}:`))).toEqual([]);
  });

  it.each(files)("%s checks every claim with StringEquals: no StringLike, no ForAllValues or ForAnyValue, no wildcard", (file) => {
    const { Condition } = read(file).Statement[0];
    expect(Object.keys(Condition)).toEqual(["StringEquals"]);
    const values = Object.values(Condition.StringEquals).flat();
    // Under StringEquals a `*` is a literal and matches nothing more; one here would be a mistake all the same.
    expect(values.filter((v) => /[*?]/.test(v))).toEqual([]);
    expect(values.filter((v) => v.trim() === "")).toEqual([]);
  });

  it.each(files)("%s checks the audience", (file) => {
    expect(claims(file)[`${file.startsWith("hcp-") ? HCP : GITHUB}:aud`]).toBe(
      file.startsWith("hcp-") ? "aws.workload.identity" : "sts.amazonaws.com",
    );
  });

  it("lets the pipeline role be assumed only by jobs of the bedrock-production environment, on main, in this repository", () => {
    expect(claims("pipeline-role-trust.json")).toEqual({
      [`${GITHUB}:aud`]: "sts.amazonaws.com",
      [`${GITHUB}:sub`]: `repo:${REPOSITORY}:environment:bedrock-production`,
      [`${GITHUB}:ref`]: "refs/heads/main",
      [`${GITHUB}:repository_id`]: expect.stringMatching(/^\d+$/),
    });
  });

  it("lets the plan role be assumed only by pull-request jobs of this repository", () => {
    expect(claims("plan-role-trust.json")).toEqual({
      [`${GITHUB}:aud`]: "sts.amazonaws.com",
      [`${GITHUB}:sub`]: `repo:${REPOSITORY}:pull_request`,
      [`${GITHUB}:repository_id`]: expect.stringMatching(/^\d+$/),
    });
  });

  it("lets the discover role be assumed only by jobs on main of this repository", () => {
    expect(claims("discover-role-trust.json")).toEqual({
      [`${GITHUB}:aud`]: "sts.amazonaws.com",
      [`${GITHUB}:sub`]: `repo:${REPOSITORY}:ref:refs/heads/main`,
      [`${GITHUB}:ref`]: "refs/heads/main",
      [`${GITHUB}:repository_id`]: expect.stringMatching(/^\d+$/),
    });
  });

  it("pins the same repository id in every GitHub trust (a renamed or re-created repository of the same name does not match)", () => {
    const ids = files.filter((f) => !f.startsWith("hcp-")).map((f) => claims(f)[`${GITHUB}:repository_id`]);
    expect(new Set(ids).size).toBe(1);
  });

  it.each([
    ["hcp-plan-role-trust.json", "plan"],
    ["hcp-apply-role-trust.json", "apply"],
  ])("%s trusts the %s phase of runs in the example config's workspaces only", async (file, phase) => {
    // GIVEN one workspace per stack of the example config, named <workspacePrefix>-<stack>
    const io = testIo();
    expect(await runCli(["stacks", "--config", join(PROJECT, "bedrock-access.yaml")], io)).toBe(0);
    const workspaces = io.out
      .join("")
      .split("\n")
      .filter(Boolean)
      .map((stack) => `bedrock-access-${stack}`);
    // WHEN the trust lists its subjects
    const subjects = [claims(file)[`${HCP}:sub`]].flat();
    // THEN each is one workspace's run phase, every workspace once
    const parsed = subjects.map((s) => /^organization:([^:]+):project:([^:]+):workspace:([^:]+):run_phase:(plan|apply)$/.exec(s));
    expect(parsed.map((m) => m?.[4])).toEqual(subjects.map(() => phase));
    expect(parsed.map((m) => m?.[1])).toEqual(subjects.map(() => "example-org"));
    expect(parsed.map((m) => m?.[3]).sort()).toEqual(workspaces.sort());
  });
});
