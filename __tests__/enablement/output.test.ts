import { createLogger } from "../../lib/core/logger";
import { LiveProgress, lineProgress } from "../../lib/enablement/progress/progress";
import { renderMarkdown } from "../../lib/enablement/report/render-markdown";
import { renderTable } from "../../lib/enablement/report/render-table";
import type { AccountReport, Report } from "../../lib/contracts/report";
import { exitCodeOf, summarize } from "../../lib/enablement/report/build";

const accounts: AccountReport[] = [
  {
    name: "ci-prod",
    accountId: "222222222222",
    firstUseRoleArn: "arn:aws:iam::222222222222:role/bedrock/bedrock-first-use",
    profiles: [
      {
        region: "us-east-1",
        modelId: "anthropic.claude-sonnet-4-6",
        kind: "us",
        invocationId: "us.anthropic.claude-sonnet-4-6",
        status: "enabled",
        action: "invoked",
        agreement: "AVAILABLE",
        latencyMs: 812,
        answer: "OK",
        proof: { status: "passed", roleArn: "arn:aws:iam::222222222222:role/bedrock/bedrock-runtime", latencyMs: 640 },
      },
      {
        region: "us-east-1",
        modelId: "anthropic.claude-opus-4-6-v1",
        kind: "global",
        invocationId: "global.anthropic.claude-opus-4-6-v1",
        status: "failed",
        action: "none",
        agreement: "NOT_AVAILABLE",
        proof: { status: "skipped", note: "not enabled" },
        error: {
          kind: "marketplace-denied",
          code: "AccessDeniedException",
          message: "first-use role ... may not | create the agreement. Fix: ...",
        },
      },
    ],
  },
];

function report(overrides: Partial<Report> = {}): Report {
  const base = {
    version: 1 as const,
    command: "enable" as const,
    dryRun: false,
    strategy: "invoke" as const,
    runId: "20250102T030405Z-4000",
    startedAt: "2025-01-02T03:04:05.000Z",
    finishedAt: "2025-01-02T03:06:05.000Z",
    useCase: {
      accountId: "111111111111",
      roleArn: "arn:aws:iam::111111111111:role/bedrock/bedrock-ftu-submitter",
      region: "us-east-1",
      status: "differs" as const,
      differences: [{ field: "useCases" as const, submitted: "Chat.", configured: "Code review." }],
    },
    accounts,
    summary: summarize(accounts),
  };
  return { ...base, exitCode: exitCodeOf(base), ...overrides };
}

describe("renderTable", () => {
  it("prints the form, one row per account and profile, each failure's fix, and a summary", () => {
    expect(renderTable(report())).toBe(
      [
        "Use-case form: differs (account 111111111111, us-east-1)",
        '  useCases: submitted "Chat.", configured "Code review."',
        "┌─────────┬───────────┬─────────────────────────────────────┬─────────┬───────────────┬─────────┬───────────────┬────────────────────────────────────────────┐",
        "│ Account │ Region    │ Profile                             │ Status  │ Agreement     │ Latency │ Runtime role  │ Error                                      │",
        "├─────────┼───────────┼─────────────────────────────────────┼─────────┼───────────────┼─────────┼───────────────┼────────────────────────────────────────────┤",
        "│ ci-prod │ us-east-1 │ us.anthropic.claude-sonnet-4-6      │ enabled │ AVAILABLE     │ 812 ms  │ passed 640 ms │                                            │",
        "│ ci-prod │ us-east-1 │ global.anthropic.claude-opus-4-6-v1 │ failed  │ NOT_AVAILABLE │ -       │ skipped       │ marketplace-denied (AccessDeniedException) │",
        "└─────────┴───────────┴─────────────────────────────────────┴─────────┴───────────────┴─────────┴───────────────┴────────────────────────────────────────────┘",
        "Failures:",
        "  - ci-prod us-east-1 global.anthropic.claude-opus-4-6-v1: first-use role ... may not | create the agreement. Fix: ...",
        "2 profiles in 1 accounts: 1 enabled, 1 failed.",
        "",
      ].join("\n"),
    );
  });
});

describe("renderMarkdown", () => {
  it("renders a GitHub step summary with escaped cells", () => {
    const markdown = renderMarkdown(report());

    expect(markdown).toMatch(
      /^## Bedrock enablement\n\n❌ 2 profiles in 1 accounts: 1 enabled, 1 failed\. Run `20250102T030405Z-4000`, strategy `invoke`\./,
    );
    expect(markdown).toContain(
      '**Use-case form: differs (account 111111111111, us-east-1)**\n- useCases: submitted "Chat.", configured "Code review."',
    );
    expect(markdown).toContain(
      "| ci-prod | us-east-1 | us.anthropic.claude-sonnet-4-6 | enabled | AVAILABLE | 812 ms | passed 640 ms |  |",
    );
    expect(markdown).toContain(
      "### Failures\n\n- ci-prod us-east-1 global.anthropic.claude-opus-4-6-v1: first-use role ... may not \\| create the agreement.",
    );
  });
});

describe("exit codes", () => {
  it("is 1 when a profile failed, 0 when all are enabled; a differing form alone does not fail", () => {
    expect(report().exitCode).toBe(1);
    const enabled = [{ ...accounts[0], profiles: [accounts[0].profiles[0]] }];
    expect(exitCodeOf({ command: "enable", dryRun: false, useCase: report().useCase, accounts: enabled })).toBe(0);
  });
});

describe("logger levels", () => {
  it.each([
    ["warn", ["error: e", "warning: w"]],
    ["info", ["error: e", "warning: w", "i"]],
    ["debug", ["error: e", "warning: w", "i", "debug: d"]],
  ] as const)("at %s writes %j", (level, expected) => {
    const lines: string[] = [];
    const log = createLogger(level, (line) => lines.push(line));
    log.error("e");
    log.warn("w");
    log.info("i");
    log.debug("d");

    expect(lines).toEqual(expected);
  });
});

describe("progress", () => {
  it("logs one plain line per finished task when not on a terminal", () => {
    const lines: string[] = [];
    const progress = lineProgress(createLogger("info", (line) => lines.push(line)));

    progress.task({ group: "ci-prod (222222222222)", task: "us-east-1 us.anthropic.claude-sonnet-4-6", state: "pending" });
    progress.task({
      group: "ci-prod (222222222222)",
      task: "us-east-1 us.anthropic.claude-sonnet-4-6",
      state: "running",
      detail: "agreement PENDING",
    });
    progress.task({
      group: "ci-prod (222222222222)",
      task: "us-east-1 us.anthropic.claude-sonnet-4-6",
      state: "done",
      detail: "enabled, 812 ms",
    });

    expect(lines).toEqual(["[ci-prod (222222222222)] us-east-1 us.anthropic.claude-sonnet-4-6: done (enabled, 812 ms)"]);
  });

  it("redraws a task list per account in place on a terminal, with log lines above it", () => {
    const writes: string[] = [];
    const live = new LiveProgress({ write: (text) => writes.push(text), columns: 80 });

    live.task({
      group: "ci-prod (222222222222)",
      task: "us-east-1 us.anthropic.claude-sonnet-4-6",
      state: "running",
      detail: "agreement PENDING",
    });
    live.writeLine("warning: throttled; retry 1 of 3 in 1000 ms");
    live.task({
      group: "ci-prod (222222222222)",
      task: "us-east-1 us.anthropic.claude-sonnet-4-6",
      state: "done",
      detail: "enabled, 812 ms",
    });
    live.stop();
    live.task({ group: "ci-prod (222222222222)", task: "us-east-1 us.anthropic.claude-sonnet-4-6", state: "failed" });

    expect(writes).toEqual([
      "ci-prod (222222222222)\n  … us-east-1 us.anthropic.claude-sonnet-4-6  agreement PENDING\n",
      "\x1b[2F\x1b[Jwarning: throttled; retry 1 of 3 in 1000 ms\n",
      "ci-prod (222222222222)\n  … us-east-1 us.anthropic.claude-sonnet-4-6  agreement PENDING\n",
      "\x1b[2F\x1b[Jci-prod (222222222222)\n  ✓ us-east-1 us.anthropic.claude-sonnet-4-6  enabled, 812 ms\n",
    ]);
  });
});

describe("live progress before any task", () => {
  it("prints log lines alone, without an empty task list", () => {
    const writes: string[] = [];
    new LiveProgress({ write: (text) => writes.push(text) }).writeLine("enable: 6 profiles in 2 accounts");

    expect(writes).toEqual(["enable: 6 profiles in 2 accounts\n"]);
  });
});
