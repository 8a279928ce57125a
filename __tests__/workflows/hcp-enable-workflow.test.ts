import { parse } from "yaml";
import { byFile, commandsOf, exampleWorkflows, expressionsIn, HCP_ENABLE_FILE, jobsOf, npmRuns, stepsUsingLocal } from "./workflow-files";

/**
 * bedrock-access-hcp-enable.yml: enable after an apply HCP Terraform ran on its own, started by the notification
 * relay through repository_dispatch (docs/ci.md). The generic checks of every example (example-workflows.test.ts)
 * cover its pins, permissions and groups; these check what is its own.
 */
const w = byFile(exampleWorkflows(), HCP_ENABLE_FILE);
const raw = parse(w.text) as { on: Record<string, unknown> };

describe(HCP_ENABLE_FILE, () => {
  it("runs only on the relay's repository_dispatch event type", () => {
    expect(raw.on).toEqual({ repository_dispatch: { types: ["bedrock-access-hcp-applied"] } });
  });

  it("has one job, from main, that synthesizes, reads every stack's outputs and enables with them", () => {
    const [[name, job], ...others] = jobsOf(w);
    expect([name, others]).toEqual(["enable", []]);
    expect(job.if).toBe("github.ref == 'refs/heads/main' && github.event_name == 'repository_dispatch'");
    const commands = commandsOf(job);
    expect(commands).toContain("npx cdktf synth");
    expect(commands).toContain('terraform -chdir="$dir" output -json > "outputs/$stack.json"');
    // Enable runs through actions/enable (report artifact, step summary), with the outputs it just read back.
    expect(npmRuns(job).filter((run) => run.script === "enable")).toEqual([]);
    expect(stepsUsingLocal(job, "enable").map((step) => step.with)).toEqual([
      { outputs: "outputs", "artifact-name": "bedrock-access-enable" },
    ]);
  });

  it("never reads the relay's payload: it is data from outside", () => {
    expect(expressionsIn(w.text).filter((e) => e.includes("github.event."))).toEqual([]);
  });
});
