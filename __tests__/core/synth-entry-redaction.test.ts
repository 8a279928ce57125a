import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const PROJECT = join(__dirname, "..", "..");
const TOKEN = `ghp_${"A1b2C3d4E5".repeat(4)}`;

/** cdktf's app (main.ts) writes to stderr itself: a credential pasted into the config is masked there too. */
describe("cdktf synth's entry point", () => {
  let work: string;
  beforeAll(() => (work = mkdtempSync(join(tmpdir(), "bedrock-synth-redaction-"))));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("masks a token quoted in a config error", async () => {
    const config = readFileSync(join(PROJECT, "bedrock-access.yaml"), "utf8").replace(/companyWebsite: .*/, `companyWebsite: ${TOKEN}`);
    writeFileSync(join(work, "config.yaml"), config);
    const failed = await promisify(execFile)(join(PROJECT, "node_modules", ".bin", "tsx"), ["main.ts"], {
      cwd: PROJECT,
      env: { ...process.env, BEDROCK_ACCESS_CONFIG: join(work, "config.yaml") },
    }).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toMatch(/useCaseForm\.companyWebsite: expected an http\(s\) URL/);
    expect(failed?.stderr).not.toContain(TOKEN);
  });
});
