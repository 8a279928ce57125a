import { requestHandler } from "./app";
import { MotoDirectory, type AwsDirectory } from "./aws/directory";
import type { Credentials } from "./aws/moto-sessions";
import { forgetLaunchedModels, launchModel } from "./catalog";
import type { EmulatorDeps } from "./deps";
import { DEFAULT_FAULTS, FaultInjector, parseFaultPatch, type FaultConfig } from "./faults";
import { silentLogger, type Logger } from "./logger";
import { ROUTES } from "./operations/routes";
import { listenBoth } from "./protocol/listener";
import { DEFAULT_SETTINGS, parseSettingsPatch, Settings, type EmulatorSettings, type MantleAgreementMode } from "./settings";
import { dumpState, type StateDump } from "./state/dump";
import { EmulatorState } from "./state/store";

export interface BedrockEmulatorOptions {
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** moto server URL (STS, IAM, Organizations). @default "http://127.0.0.1:5000" */
  readonly motoEndpoint?: string;
  /** The emulator's own credentials at moto, used to assume OrganizationAccountAccessRole. @default testing/testing */
  readonly motoCredentials?: Credentials;
  /** How long a new agreement stays PENDING. Overridden by `faults.agreementPendingMs`. @default 2000 */
  readonly pendingMs?: number;
  /** Start-up faults (over DEFAULT_FAULTS); also what POST /__emulator/reset restores. */
  readonly faults?: Partial<FaultConfig>;
  /**
   * Whether bedrock-mantle Messages API calls pass the Marketplace agreement gate ("first-call": like bedrock-runtime's
   * first invocation, sharing its agreement per product) or none. AWS does not say. Also a setting of the admin endpoint.
   * @default "first-call"
   */
  readonly mantleAgreement?: MantleAgreementMode;
  /** PRNG seed for fault rates. @default 1 */
  readonly seed?: number;
  /** @default a silent logger */
  readonly logger?: Logger;
  /** Replaces moto (for tests that fake the AWS side). */
  readonly directory?: AwsDirectory;
  /**
   * Keep each principal's IAM policies, and each account's SCPs, until told IAM or Organizations changed (`iamChanged()`
   * or POST /__emulator/iam-changed).
   * Only for a caller that reports every IAM write, as the sandbox does. @default false: read on every call
   */
  readonly cacheIdentityPolicies?: boolean;
  /**
   * The emulated service's clock (ms since the epoch): what model lifecycle dates are judged against. Tests pin it to a
   * day so Legacy and end-of-life answers do not change with the calendar. @default Date.now
   */
  readonly now?: () => number;
}

export interface BedrockEmulator {
  /** `http://127.0.0.1:PORT`: the endpoint for both Bedrock clients and the admin routes. */
  readonly url: string;
  readonly port: number;
  /** The same document as GET /__emulator/state. */
  state(): StateDump;
  /** Merges (default) or replaces the fault config, like POST/PUT /__emulator/faults. */
  setFaults(patch: Partial<FaultConfig>, mode?: "merge" | "replace", seed?: number): void;
  /** The settings in effect, like GET /__emulator/settings. */
  settings(): EmulatorSettings;
  /** Merges settings, like POST /__emulator/settings. */
  setSettings(patch: Partial<EmulatorSettings>): void;
  /** Like POST /__emulator/reset (settings too: back to the start-up values). */
  reset(): void;
  /** Like POST /__emulator/iam-changed: IAM was written, forget cached identity policies. */
  iamChanged(): void;
  /** Like POST /__emulator/models: serve one more model (a claude-models.json entry). */
  launchModel(model: unknown): void;
  close(): Promise<void>;
}

export async function startBedrockEmulator(options: BedrockEmulatorOptions = {}): Promise<BedrockEmulator> {
  const initialFaults: FaultConfig = {
    ...DEFAULT_FAULTS,
    ...(options.pendingMs !== undefined ? { agreementPendingMs: options.pendingMs } : {}),
    ...parseFaultPatch(options.faults ?? {}),
  };
  const initialSeed = options.seed ?? 1;
  const initialSettings: EmulatorSettings = {
    ...DEFAULT_SETTINGS,
    ...parseSettingsPatch(options.mantleAgreement !== undefined ? { mantleAgreement: options.mantleAgreement } : {}),
  };
  const logger = options.logger ?? silentLogger;
  const deps: EmulatorDeps = {
    state: new EmulatorState(),
    directory:
      options.directory ??
      new MotoDirectory(
        {
          endpoint: options.motoEndpoint ?? "http://127.0.0.1:5000",
          baseCredentials: options.motoCredentials ?? { accessKeyId: "testing", secretAccessKey: "testing" },
        },
        { cacheIdentityPolicies: options.cacheIdentityPolicies ?? false },
      ),
    faults: new FaultInjector(initialFaults, initialSeed),
    settings: new Settings(initialSettings),
    logger,
    now: options.now ?? (() => Date.now()),
  };
  const reset = () => {
    forgetLaunchedModels();
    deps.state.reset();
    deps.directory.clearCaches();
    deps.faults.reset(initialFaults, initialSeed);
    deps.settings.reset();
  };
  const handle = requestHandler(deps, ROUTES, { reset });
  const listener = await listenBoth(options.port ?? 0, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      logger.error(`unhandled: ${String(err)}`);
      if (!res.headersSent) {
        res.statusCode = 500;
        res.end();
      }
    });
  });
  const port = listener.port;
  const url = `http://127.0.0.1:${port}`;
  logger.info(`listening on ${url}`);
  return {
    url,
    port,
    state: () => dumpState(deps.state, deps.now(), deps.faults.config, deps.faults.currentSeed, deps.settings.values),
    setFaults: (patch, mode = "merge", seed) => deps.faults.update(parseFaultPatch(patch), mode, seed),
    settings: () => deps.settings.values,
    setSettings: (patch) => deps.settings.update(parseSettingsPatch(patch)),
    reset,
    iamChanged: () => deps.directory.iamChanged(),
    launchModel: (model) => {
      launchModel(model);
    },
    close: () => {
      forgetLaunchedModels();
      return listener.close();
    },
  };
}
