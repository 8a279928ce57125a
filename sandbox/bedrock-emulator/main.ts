/**
 * Runs the Bedrock emulator:
 *   npx tsx sandbox/bedrock-emulator/main.ts --port 4566 --moto http://127.0.0.1:5000 \
 *     [--pending-ms 2000] [--seed 1] [--faults '{"throttleRate":0.1}' | --faults @faults.json] [--log-level info] \
 *     [--mantle-agreement first-call|none]
 * Prints {"url": ...} on stdout once listening; logs go to stderr. Stops on SIGINT/SIGTERM.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseFaultPatch } from "./faults";
import { parseSettingsPatch } from "./settings";
import { isLogLevel, stderrLogger } from "./logger";
import { startBedrockEmulator } from "./server";

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name}: expected a non-negative integer, got ${value}`);
  return n;
}

function faultsArg(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  const text = value.startsWith("@") ? readFileSync(value.slice(1), "utf8") : value;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`--faults: expected JSON or @file with JSON (${String(err)})`, { cause: err });
  }
}

function mantleAgreementArg(value: string | undefined) {
  if (value === undefined) return {};
  try {
    return parseSettingsPatch({ mantleAgreement: value });
  } catch {
    throw new Error(`--mantle-agreement: expected first-call or none, got ${value}`);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4566" },
      moto: { type: "string", default: "http://127.0.0.1:5000" },
      "moto-access-key-id": { type: "string", default: "testing" },
      "moto-secret-access-key": { type: "string", default: "testing" },
      "pending-ms": { type: "string" },
      seed: { type: "string" },
      faults: { type: "string" },
      "log-level": { type: "string", default: "info" },
      "mantle-agreement": { type: "string" },
    },
    strict: true,
  });
  const level = values["log-level"];
  if (!isLogLevel(level)) throw new Error(`--log-level: expected debug, info, warn, error or silent, got ${level}`);
  const logger = stderrLogger(level);
  const emulator = await startBedrockEmulator({
    port: integer("port", values.port),
    motoEndpoint: values.moto,
    motoCredentials: { accessKeyId: values["moto-access-key-id"], secretAccessKey: values["moto-secret-access-key"] },
    pendingMs: integer("pending-ms", values["pending-ms"]),
    seed: integer("seed", values.seed),
    faults: parseFaultPatch(faultsArg(values.faults) ?? {}),
    ...mantleAgreementArg(values["mantle-agreement"]),
    logger,
  });
  process.stdout.write(`${JSON.stringify({ url: emulator.url, port: emulator.port })}\n`);
  const stop = (signal: string) => {
    logger.info(`${signal}: shutting down`);
    emulator.close().catch((err: unknown) => {
      logger.error(`close failed: ${String(err)}`);
      process.exitCode = 1;
    });
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => {
  process.stderr.write(`[bedrock-emulator] error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
