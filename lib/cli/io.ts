import { EXIT_CODES } from "../core/exit-codes";
import { createLogger, type Logger, type LogLevel } from "../core/logger";
import { maskSecrets } from "../core/redact";
import type { CatalogAws } from "../catalog-sync/aws";
import type { EnablementAws } from "../enablement/aws/port";
import type { SdkEnablementAwsOptions } from "../enablement/aws/sdk-adapter";
import { systemClock, type Clock } from "../enablement/clock";
import type { OrganizationsPort } from "../discovery/port";
import type { SdkOrganizationsOptions } from "../discovery/sdk-adapter";
import type { TerminalStream } from "../enablement/progress/progress";
import type { PreflightAws } from "../preflight/aws/port";
import type { SdkPreflightAwsOptions } from "../preflight/aws/sdk-adapter";

/** Everything a command touches outside the process: the edges tests replace. */
export interface CliIo {
  /** Results: tables, plans. */
  readonly stdout: (text: string) => void;
  /** Logs and live progress. */
  readonly stderr: TerminalStream & { readonly isTTY: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: Clock;
  readonly random: () => number;
  readonly createAws: (options: SdkEnablementAwsOptions) => EnablementAws & { destroy?(): void };
  /** Organizations and Account Management for preflight, with the caller's own credentials. */
  readonly createPreflightAws: (options: SdkPreflightAwsOptions) => PreflightAws & { destroy?(): void };
  /**
   * Calls `handler` on the first SIGINT or SIGTERM (a second one ends the process at once); returns the unsubscribe.
   * The process's own io also ends the process STOP_DEADLINE_MS after the signal, should anything still hold it.
   */
  readonly onInterrupt: (handler: (signal: "SIGINT" | "SIGTERM") => void) => () => void;
  /** The read-only catalog calls of `catalog refresh`, with the caller's own credentials. */
  readonly createCatalogAws: () => CatalogAws & { destroy?(): void };
  /** The read-only Organizations calls of `discover`, with the caller's own credentials; counts its calls when it can. */
  readonly createOrganizations: (
    options: SdkOrganizationsOptions,
  ) => OrganizationsPort & { destroy?(): void; callCounts?(): Record<string, number> };
}

/**
 * The SDK adapters, required on the first client a command creates: loading the AWS SDK takes longer than `--help`
 * or `validate` itself. (A synchronous require: the factories are synchronous, and a command creates its clients
 * after it has checked its flags and read its config.)
 */
function awsClients(): typeof import("./aws-clients").AWS_CLIENTS {
  const loaded: typeof import("./aws-clients") = require("./aws-clients");
  return loaded.AWS_CLIENTS;
}

/** The process's own streams and SDK clients, with credentials masked on stdout and stderr (`redactedIo`). */
export function processIo(): CliIo {
  return redactedIo({
    stdout: (text) => process.stdout.write(text),
    stderr: {
      write: (text) => process.stderr.write(text),
      get columns() {
        return process.stderr.columns;
      },
      isTTY: process.stderr.isTTY === true,
    },
    env: process.env,
    clock: systemClock,
    random: Math.random,
    createAws: (options) => new (awsClients().SdkEnablementAws)(options),
    createPreflightAws: (options) => new (awsClients().SdkPreflightAws)(options),
    createCatalogAws: () => new (awsClients().SdkCatalogAws)(),
    createOrganizations: (options) => new (awsClients().SdkOrganizations)(options),
    onInterrupt: (handler) => {
      const on = (signal: "SIGINT" | "SIGTERM") => () => {
        exitAfterDeadline(signal);
        handler(signal);
      };
      const onInt = on("SIGINT");
      const onTerm = on("SIGTERM");
      process.once("SIGINT", onInt).once("SIGTERM", onTerm);
      return () => {
        process.off("SIGINT", onInt).off("SIGTERM", onTerm);
      };
    },
  });
}

/**
 * How long after SIGINT or SIGTERM the process may take to end. A command stops its work and writes its report at once
 * (calls in flight are abandoned, child processes get SIGTERM then, 3 s later, SIGKILL); what no signal reaches (a
 * socket an SDK client still holds) does not keep the process past this. Under 5 s, and inside the few seconds a CI
 * runner waits between SIGTERM and SIGKILL.
 */
const STOP_DEADLINE_MS = 4_500;

function exitAfterDeadline(signal: "SIGINT" | "SIGTERM"): void {
  const code = signal === "SIGINT" ? EXIT_CODES.interruptedByInt : EXIT_CODES.interruptedByTerm;
  // unref: a process that is done by then ends on its own, with the exit code its command set.
  setTimeout(() => {
    process.stderr.write(`${signal}: still running ${STOP_DEADLINE_MS / 1000} s later; exiting now\n`);
    process.exit(code);
  }, STOP_DEADLINE_MS).unref();
}

const REDACTED = new WeakSet<CliIo>();

/**
 * The io with every credential shape masked (maskSecrets) in what goes to stdout and stderr: results, logs, progress,
 * commander's messages. The CLI's one output sink for the terminal: `runCli` hands every command a redacted io, and
 * `processIo` is one already, so the entry point's last-resort error line is masked too. Each text is masked once:
 * an io that is redacted already is returned as it is.
 */
export function redactedIo(io: CliIo): CliIo {
  if (REDACTED.has(io)) return io;
  const { stderr } = io;
  const redacted: CliIo = {
    ...io,
    stdout: (text) => io.stdout(maskSecrets(text)),
    stderr: {
      write: (text) => stderr.write(maskSecrets(text)),
      get columns() {
        return stderr.columns;
      },
      isTTY: stderr.isTTY,
    },
  };
  REDACTED.add(redacted);
  return redacted;
}

/** The logger every command writes with: leveled lines to the command's stderr. */
export function ioLogger(io: Pick<CliIo, "stderr">, level: LogLevel = "info"): Logger {
  return createLogger(level, (line) => io.stderr.write(`${line}\n`));
}
