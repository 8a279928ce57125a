import { principalAccount } from "../../domain/arn";
import { EnablementFailure } from "../aws/errors";
import type { AwsOperation, EnablementAws } from "../aws/port";

/**
 * Which queued call starts first when a slot frees: work (every call a step is waiting on to go on: reads, first uses,
 * proofs) before the agreement scheduler's availability polls. A poll never delays work; it uses the slots work leaves.
 */
export type CallPriority = "work" | "poll";

export interface CallLimits {
  /** AWS calls in flight at once, across every account (`--concurrency`). */
  readonly concurrency: number;
  /** AWS calls in flight at once into one account (`--account-concurrency`): Bedrock's quotas are per account. */
  readonly accountConcurrency: number;
}

/** A first-in, first-out queue whose shift is O(1). */
class Fifo<T> {
  private items: T[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  drain(): T[] {
    const rest = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return rest;
  }
}

/** Lanes by rank, lowest first: a binary heap. */
class LaneHeap {
  private readonly items: Lane[] = [];

  push(lane: Lane): void {
    const items = this.items;
    items.push(lane);
    for (let i = items.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (items[parent].rank <= lane.rank) break;
      items[i] = items[parent];
      items[parent] = lane;
      i = parent;
    }
  }

  shift(): Lane | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    items[0] = last;
    for (let i = 0; ;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < items.length && items[left].rank < items[least].rank) least = left;
      if (right < items.length && items[right].rank < items[least].rank) least = right;
      if (least === i) break;
      [items[i], items[least]] = [items[least], items[i]];
      i = least;
    }
    return top;
  }
}

interface Queued {
  readonly what: string;
  start(): void;
  fail(err: unknown): void;
}

/**
 * One account's calls: how many are in flight, those waiting by priority, and whether it is in a ready list. Its rank
 * is the order in which the account first called.
 */
class Lane {
  inFlight = 0;
  readonly queued: Record<CallPriority, Fifo<Queued>> = { work: new Fifo(), poll: new Fifo() };
  readonly listed: Record<CallPriority, boolean> = { work: false, poll: false };

  constructor(
    readonly account: string,
    readonly rank: number,
  ) {}
}

const PRIORITIES: readonly CallPriority[] = ["work", "poll"];

/**
 * Limits AWS calls in flight, never waits: at most `concurrency` calls at once across the run, and at most
 * `accountConcurrency` into one account. A step that waits (an agreement PENDING, a form propagating, a retry's
 * backoff) holds no slot, so every account's flow may proceed and only the calls queue. Work goes before polls; among
 * queued calls, those of the account that called first go first (in the order asked for within an account), so the
 * first accounts reach their first uses early and their agreements' PENDING time passes while later accounts' calls
 * fill the slots; a run takes about one agreement's latency plus its calls at the allowed rate, not one per wave.
 * After `signal` aborts, no queued or new call starts: each fails with the `interrupted` failure (calls in flight are
 * the AWS layer's to end).
 */
export class CallLimiter {
  private inFlight = 0;
  private readonly lanes = new Map<string, Lane>();
  /** Accounts with queued calls of that priority, first come first; an account at its limit leaves until a call of it ends. */
  private readonly ready: Record<CallPriority, LaneHeap> = { work: new LaneHeap(), poll: new LaneHeap() };
  private readonly counts: Record<CallPriority, number> = { work: 0, poll: 0 };
  private peak = 0;

  constructor(
    private readonly limits: CallLimits,
    private readonly signal?: AbortSignal,
  ) {
    for (const [name, value] of [
      ["concurrency", limits.concurrency],
      ["accountConcurrency", limits.accountConcurrency],
    ] as const) {
      if (!(value >= 1)) throw new Error(`CallLimiter: ${name}: expected at least 1 (got ${value})`);
    }
    signal?.addEventListener("abort", () => this.failQueued(), { once: true });
  }

  /** Calls started so far, by priority, and the most in flight at once. */
  stats(): { readonly work: number; readonly poll: number; readonly peakInFlight: number } {
    return { ...this.counts, peakInFlight: this.peak };
  }

  /** Runs `fn` (one AWS call into `account`) when a slot is free; `what` names it if an interruption stops it first. */
  run<T>(account: string, priority: CallPriority, what: string, fn: () => Promise<T>): Promise<T> {
    if (this.signal?.aborted) return Promise.reject(interrupted(what, account));
    return new Promise<T>((resolve, reject) => {
      const lane = this.lane(account);
      lane.queued[priority].push({
        what,
        start: () => {
          this.counts[priority] += 1;
          new Promise<T>((started) => started(fn())).then(resolve, reject).finally(() => this.release(lane));
        },
        fail: reject,
      });
      this.list(lane, priority);
      this.dispatch();
    });
  }

  /**
   * `aws` with every call through this limiter at `priority`, counted against the account of the role it acts as
   * (the role assumed, or the session's role): the calls into one account are those made with its roles.
   */
  aws(aws: EnablementAws, priority: CallPriority = "work"): EnablementAws {
    const via = <T>(operation: AwsOperation, roleArn: string, call: () => Promise<T>): Promise<T> =>
      this.run(principalAccount(roleArn) ?? roleArn, priority, operation, call);
    return {
      assumeRole: (...args) => via("assumeRole", args[0], () => aws.assumeRole(...args)),
      getUseCase: (...args) => via("getUseCase", args[0].roleArn, () => aws.getUseCase(...args)),
      putUseCase: (...args) => via("putUseCase", args[0].roleArn, () => aws.putUseCase(...args)),
      getAvailability: (...args) => via("getAvailability", args[0].roleArn, () => aws.getAvailability(...args)),
      converse: (...args) => via("converse", args[0].roleArn, () => aws.converse(...args)),
      converseStream: (...args) => via("converseStream", args[0].roleArn, () => aws.converseStream(...args)),
      createMessage: (...args) => via("createMessage", args[0].roleArn, () => aws.createMessage(...args)),
      listAgreementOffers: (...args) => via("listAgreementOffers", args[0].roleArn, () => aws.listAgreementOffers(...args)),
      createAgreement: (...args) => via("createAgreement", args[0].roleArn, () => aws.createAgreement(...args)),
      getInferenceProfile: (...args) => via("getInferenceProfile", args[0].roleArn, () => aws.getInferenceProfile(...args)),
      listFoundationModels: (...args) => via("listFoundationModels", args[0].roleArn, () => aws.listFoundationModels(...args)),
    };
  }

  private lane(account: string): Lane {
    let lane = this.lanes.get(account);
    if (!lane) this.lanes.set(account, (lane = new Lane(account, this.lanes.size)));
    return lane;
  }

  private list(lane: Lane, priority: CallPriority): void {
    if (lane.listed[priority] || lane.queued[priority].size === 0) return;
    lane.listed[priority] = true;
    this.ready[priority].push(lane);
  }

  private dispatch(): void {
    while (this.inFlight < this.limits.concurrency) {
      const next = this.take("work") ?? this.take("poll");
      if (!next) return;
      const [lane, call] = next;
      this.inFlight += 1;
      lane.inFlight += 1;
      this.peak = Math.max(this.peak, this.inFlight);
      call.start();
    }
  }

  /** The next call of `priority` whose account has a free slot: of the account that came first. */
  private take(priority: CallPriority): [Lane, Queued] | undefined {
    for (let lane = this.ready[priority].shift(); lane; lane = this.ready[priority].shift()) {
      lane.listed[priority] = false;
      if (lane.inFlight >= this.limits.accountConcurrency) continue;
      const call = lane.queued[priority].shift();
      if (!call) continue;
      this.list(lane, priority);
      return [lane, call];
    }
    return undefined;
  }

  private release(lane: Lane): void {
    this.inFlight -= 1;
    lane.inFlight -= 1;
    for (const priority of PRIORITIES) this.list(lane, priority);
    this.dispatch();
  }

  private failQueued(): void {
    for (const lane of this.lanes.values()) {
      for (const priority of PRIORITIES) {
        for (const call of lane.queued[priority].drain()) call.fail(interrupted(call.what, lane.account));
      }
    }
  }
}

function interrupted(what: string, account: string): EnablementFailure {
  return new EnablementFailure(
    "interrupted",
    `interrupted before the ${what} call in account ${account}; re-run the command to finish (it continues from the state AWS reports)`,
  );
}
