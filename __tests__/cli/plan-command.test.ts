import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../lib/cli/run-cli";
import { testIo } from "../helpers/cli-io";
import { standInCommand } from "../helpers/stand-in-command";
import { stackConfiguration, writeSynthesis } from "../helpers/synthesis";

/**
 * `bedrock-access plan --detect-drift` and `--base`, run in process with a stand-in `terraform` on the PATH whose
 * `plan -detailed-exitcode` exits 2 (changes) in the stacks named in $DRIFTED.
 */
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "plan-command-"));
  standInCommand(
    dir,
    "terraform",
    [
      'stack=$(basename "$(pwd)")',
      // As terraform: exit 2 for a plan with changes only with -detailed-exitcode.
      'if [ "$1" = plan ]; then case " $* " in *" -detailed-exitcode "*) case " $DRIFTED " in *" $stack "*) exit 2;; esac;; esac; fi',
      `if [ "$1" = show ]; then echo '{"format_version":"1.2"}'; fi`,
      "exit 0",
    ],
    "#!/bin/sh",
  );
  writeSynthesis(join(dir, "cdktf.out"), {
    management: stackConfiguration("management"),
    "runtime-a": stackConfiguration("runtime-a"),
    "runtime-b": stackConfiguration("runtime-b"),
  });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function plan(drifted: string, ...args: string[]): Promise<{ code: number; err: string }> {
  const io = testIo({ env: { PATH: `${join(dir, "bin")}:${process.env.PATH ?? ""}`, DRIFTED: drifted } });
  const common = ["--no-synth", "--deploy-role", "--output", join(dir, "cdktf.out"), "--plans", join(dir, "plans")];
  const code = await runCli(["plan", ...common, ...args], io);
  return { code, err: io.err.join("") };
}

describe("bedrock-access plan --detect-drift", () => {
  it("exits 1 with one line naming the drifted stacks", async () => {
    const { code, err } = await plan("runtime-b management", "--detect-drift");

    expect(code).toBe(1);
    expect(err).toContain("error: drifted (changes made outside Terraform) in 2 of 3 stacks: management, runtime-b");
  });

  it("exits 0 when no plan has changes", async () => {
    const { code, err } = await plan("", "--detect-drift");

    expect(code).toBe(0);
    expect(err).toContain("no drift: the plans of 3 stacks have no changes");
  });

  it("without --detect-drift, a plan with changes is no failure (no -detailed-exitcode)", async () => {
    expect((await plan("runtime-a")).code).toBe(0);
  });
});

describe("bedrock-access plan --base", () => {
  it("says how many stacks were unchanged and not planned, and which were removed", async () => {
    writeSynthesis(join(dir, "base.out"), {
      management: stackConfiguration("management"),
      "runtime-a": stackConfiguration("runtime-a", { provider: { aws: [{ region: "eu-west-1" }] } }),
      "runtime-b": stackConfiguration("runtime-b"),
      "runtime-gone": stackConfiguration("runtime-gone"),
    });

    const { code, err } = await plan("", "--base", join(dir, "base.out"));

    expect(code).toBe(0);
    expect(err).toContain(`2 stacks unchanged since ${join(dir, "base.out")}: not planned`);
    expect(err).toContain("removed (only in --base), planned as destroys: runtime-gone");
    expect(err).toContain("planned 2 of 2 stacks");
  });
});
