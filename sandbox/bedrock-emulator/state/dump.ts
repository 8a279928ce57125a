import type { FaultConfig } from "../faults";
import { agreementStatus, type CallCount, type CallRecord, type EmulatorState } from "./store";

export interface FormDump {
  readonly account: string;
  readonly submittedBy: string;
  readonly region: string;
  readonly submittedAt: string;
  readonly submissions: number;
  readonly formDataBase64: string;
  /** The bytes as UTF-8 text. */
  readonly formDataText: string;
  /** The text parsed as JSON, when it is JSON. */
  readonly formJson?: unknown;
}

export interface AgreementDump {
  readonly account: string;
  readonly modelId: string;
  readonly status: "PENDING" | "AVAILABLE";
  readonly createdBy: string;
  readonly createdVia: string;
  readonly region: string;
  readonly createdAt: string;
  readonly availableAt: string;
}

/** GET /__emulator/state. */
export interface StateDump {
  readonly now: string;
  readonly forms: readonly FormDump[];
  readonly agreements: readonly AgreementDump[];
  readonly calls: readonly CallRecord[];
  readonly counts: readonly CallCount[];
  readonly faults: FaultConfig;
  readonly seed: number;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function dumpState(state: EmulatorState, now: number, faults: FaultConfig, seed: number): StateDump {
  return {
    now: new Date(now).toISOString(),
    forms: state.allForms().map((f) => {
      const text = f.formData.toString("utf8");
      return {
        account: f.account,
        submittedBy: f.submittedBy,
        region: f.region,
        submittedAt: f.submittedAt,
        submissions: f.submissions,
        formDataBase64: f.formData.toString("base64"),
        formDataText: text,
        formJson: parseJson(text),
      };
    }),
    agreements: state.allAgreements().map((a) => ({
      account: a.account,
      modelId: a.modelId,
      status: agreementStatus(a, now),
      createdBy: a.createdBy,
      createdVia: a.createdVia,
      region: a.region,
      createdAt: new Date(a.createdAt).toISOString(),
      availableAt: new Date(a.availableAt).toISOString(),
    })),
    calls: state.allCalls(),
    counts: state.allCounts(),
    faults,
    seed,
  };
}
