import type { ErrorCode } from "../protocol/errors";

export interface UseCaseForm {
  readonly account: string;
  /** The decoded bytes of the `formData` blob. */
  readonly formData: Buffer;
  readonly submittedBy: string;
  readonly region: string;
  readonly submittedAt: string;
  /** How many times the account submitted (each PutUseCaseForModelAccess replaces the form). */
  readonly submissions: number;
}

export type AgreementStatus = "PENDING" | "AVAILABLE";
export type AgreementOrigin = "invocation" | "CreateFoundationModelAgreement";
/** The endpoint of the call that created an agreement: bedrock (CreateFoundationModelAgreement), bedrock-runtime or bedrock-mantle. */
export type AgreementService = "bedrock" | "bedrock-runtime" | "bedrock-mantle";

/** One per account and Marketplace product: it covers every model id sold under the product, on either endpoint. */
export interface Agreement {
  readonly account: string;
  readonly productId: string;
  /** The model id of the call that created it. */
  readonly modelId: string;
  readonly createdBy: string;
  readonly createdVia: AgreementOrigin;
  readonly service: AgreementService;
  readonly region: string;
  readonly createdAt: number;
  readonly availableAt: number;
}

export interface CallRecord {
  readonly seq: number;
  readonly time: string;
  readonly operation: string;
  readonly account?: string;
  readonly principalArn?: string;
  readonly region?: string;
  readonly modelId?: string;
  readonly outcome: "ok" | ErrorCode;
  readonly status: number;
  readonly message?: string;
}

export interface CallCount {
  readonly operation: string;
  readonly account: string;
  readonly principalArn: string;
  readonly outcome: string;
  count: number;
}

const MAX_CALLS_KEPT = 10_000;

/** The emulated service's state: per-account forms, per-account-and-product agreements, and what was called. */
export class EmulatorState {
  private readonly forms = new Map<string, UseCaseForm>();
  private readonly agreements = new Map<string, Agreement>();
  private readonly calls: CallRecord[] = [];
  private readonly counts = new Map<string, CallCount>();
  private seq = 0;

  /** The account's form in a scope: "commercial" (every default Region), or one opt-in Region (see regions.ts). */
  form(account: string, scope: string): UseCaseForm | undefined {
    return this.forms.get(`${account}|${scope}`);
  }

  putForm(form: Omit<UseCaseForm, "submissions">, scope: string): UseCaseForm {
    const key = `${form.account}|${scope}`;
    const stored = { ...form, submissions: (this.forms.get(key)?.submissions ?? 0) + 1 };
    this.forms.set(key, stored);
    return stored;
  }

  agreement(account: string, productId: string): Agreement | undefined {
    return this.agreements.get(`${account}|${productId}`);
  }

  putAgreement(agreement: Agreement): void {
    this.agreements.set(`${agreement.account}|${agreement.productId}`, agreement);
  }

  deleteAgreement(account: string, productId: string): boolean {
    return this.agreements.delete(`${account}|${productId}`);
  }

  record(call: Omit<CallRecord, "seq" | "time">): void {
    this.calls.push({ seq: ++this.seq, time: new Date().toISOString(), ...call });
    if (this.calls.length > MAX_CALLS_KEPT) this.calls.splice(0, this.calls.length - MAX_CALLS_KEPT);
    const key = JSON.stringify([call.operation, call.account ?? "", call.principalArn ?? "", call.outcome]);
    const count = this.counts.get(key);
    if (count) count.count += 1;
    else
      this.counts.set(key, {
        operation: call.operation,
        account: call.account ?? "",
        principalArn: call.principalArn ?? "",
        outcome: call.outcome,
        count: 1,
      });
  }

  allForms(): UseCaseForm[] {
    return [...this.forms.values()];
  }

  allAgreements(): Agreement[] {
    return [...this.agreements.values()];
  }

  allCalls(): readonly CallRecord[] {
    return this.calls;
  }

  allCounts(): CallCount[] {
    return [...this.counts.values()].map((c) => ({ ...c }));
  }

  reset(): void {
    this.forms.clear();
    this.agreements.clear();
    this.calls.length = 0;
    this.counts.clear();
    this.seq = 0;
  }
}

export function agreementStatus(agreement: Agreement, now: number): AgreementStatus {
  return now >= agreement.availableAt ? "AVAILABLE" : "PENDING";
}
