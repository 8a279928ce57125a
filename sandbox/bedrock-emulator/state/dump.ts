import type { FaultConfig } from "../faults";
import { modelIdsOfProduct } from "../products";
import type { EmulatorSettings } from "../settings";
import { agreementStatus, type CallCount, type CallRecord, type EmulatorState } from "./store";

interface FormDump {
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

interface AgreementDump {
  readonly account: string;
  /** The Marketplace product: an agreement is per account and product. */
  readonly productId: string;
  /** The model id of the call that created it. */
  readonly modelId: string;
  /** Every model id the agreement covers: bedrock-runtime's and bedrock-mantle's ids of the product. */
  readonly modelIds: readonly string[];
  readonly status: "PENDING" | "AVAILABLE";
  readonly createdBy: string;
  readonly createdVia: string;
  /** The endpoint of the call that created it: bedrock, bedrock-runtime or bedrock-mantle. */
  readonly service: string;
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
  readonly settings: EmulatorSettings;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function dumpState(state: EmulatorState, now: number, faults: FaultConfig, seed: number, settings: EmulatorSettings): StateDump {
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
      productId: a.productId,
      modelId: a.modelId,
      modelIds: modelIdsOfProduct(a.productId),
      status: agreementStatus(a, now),
      createdBy: a.createdBy,
      createdVia: a.createdVia,
      service: a.service,
      region: a.region,
      createdAt: new Date(a.createdAt).toISOString(),
      availableAt: new Date(a.availableAt).toISOString(),
    })),
    calls: state.allCalls(),
    counts: state.allCounts(),
    faults,
    seed,
    settings,
  };
}
