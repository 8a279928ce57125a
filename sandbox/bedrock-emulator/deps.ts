import type { AwsDirectory } from "./aws/directory";
import type { FaultInjector } from "./faults";
import type { Logger } from "./logger";
import type { Settings } from "./settings";
import type { EmulatorState } from "./state/store";

/** What operations share: the state, moto, the faults, the settings and a clock. */
export interface EmulatorDeps {
  readonly state: EmulatorState;
  readonly directory: AwsDirectory;
  readonly faults: FaultInjector;
  readonly settings: Settings;
  readonly logger: Logger;
  readonly now: () => number;
}
