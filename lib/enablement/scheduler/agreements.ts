import { EnablementFailure } from "../aws/errors";
import type { ModelAvailability } from "../aws/port";
import { pollDelay } from "../aws/retry";
import type { Clock } from "../clock";

/** One profile's wait for its agreement to become AVAILABLE. */
export interface AgreementWaitRequest {
  /** The agreement: account, region and base model (`accountId|region|modelId`). Waits on one agreement share its polls. */
  readonly key: string;
  /** Reads the agreement once (GetFoundationModelAvailability, through the call limiter at poll priority). */
  readonly poll: () => Promise<ModelAvailability>;
  /** Stop waiting after this long (`--wait-timeout`): the profile is then pending. */
  readonly timeoutMs: number;
  /** The longest wait between two reads (`--poll-interval`): reads back off 1 s, 2 s, 4 s … up to it. */
  readonly intervalMs: number;
  /** Where, for failure messages: "account ci (222222222222), us-east-1". */
  readonly where: string;
  readonly modelId: string;
  /** Every state read while waiting. */
  readonly onStatus?: (availability: ModelAvailability) => void;
}

interface Waiter {
  readonly request: AgreementWaitRequest;
  readonly since: number;
  readonly deadline: number;
  resolve(availability: ModelAvailability): void;
  reject(err: unknown): void;
}

interface Watched {
  readonly key: string;
  readonly poll: () => Promise<ModelAvailability>;
  readonly intervalMs: number;
  /** Reads made so far: the next one waits pollDelay(reads) after the last. */
  reads: number;
  /** When the next read is due; undefined while a read is in flight. */
  dueAt?: number;
  waiters: Waiter[];
}

/**
 * The one scheduler that polls every agreement under way in a run, across all accounts. A profile registers its
 * agreement with its deadline; the scheduler reads each agreement once per step of its backoff (1 s after it was
 * registered, then 2 s, 4 s … up to the poll interval), whatever the number of profiles waiting on it, and settles
 * every waiter of the agreement: AVAILABLE resolves, ERROR and a read that fails reject, a deadline passed rejects that
 * waiter alone (`agreement-timeout`), after a last read at the deadline. One timer serves every agreement: it sleeps
 * until the earliest read is due, then starts the due reads (through the call limiter at poll priority, so they take
 * only the slots work leaves). A wait holds no call slot. After `signal` aborts, nothing is read again and every
 * waiter is rejected at once with the `interrupted` failure.
 */
export class AgreementScheduler {
  private readonly watched = new Map<string, Watched>();
  private reads = 0;
  private ticking = false;
  /** Wakes the timer early: a read became due sooner than the one it sleeps for. */
  private wake?: AbortController;

  constructor(
    private readonly clock: Clock,
    private readonly signal?: AbortSignal,
  ) {
    signal?.addEventListener("abort", () => this.interruptAll(), { once: true });
  }

  /** Availability reads made so far, across every agreement, and the agreements still watched. */
  stats(): { readonly reads: number; readonly watching: number } {
    return { reads: this.reads, watching: this.watched.size };
  }

  /** Resolves with the agreement's availability once AVAILABLE; rejects on ERROR, a failed read, the deadline or an interruption. */
  wait(request: AgreementWaitRequest): Promise<ModelAvailability> {
    if (this.signal?.aborted) return Promise.reject(interruptedWait(request));
    return new Promise((resolve, reject) => {
      const since = this.clock.now();
      const waiter: Waiter = { request, since, deadline: since + request.timeoutMs, resolve, reject };
      const known = this.watched.get(request.key);
      if (known) {
        known.waiters.push(waiter);
        return;
      }
      const watched: Watched = { key: request.key, poll: request.poll, intervalMs: request.intervalMs, reads: 0, waiters: [waiter] };
      this.watched.set(request.key, watched);
      this.schedule(watched);
    });
  }

  /** The next read, after the backoff step, or at the earliest deadline of its waiters when that comes first. */
  private schedule(watched: Watched): void {
    const now = this.clock.now();
    const deadline = Math.min(...watched.waiters.map((w) => w.deadline));
    watched.dueAt = now + Math.max(1, Math.min(pollDelay(watched.reads, watched.intervalMs), deadline - now));
    if (this.ticking) this.wake?.abort();
    else void this.tick();
  }

  /** The timer: starts every read that is due, then sleeps until the next one; stops when none is scheduled. */
  private async tick(): Promise<void> {
    this.ticking = true;
    // How far a sleep that ran its course got: a clock that does not move while sleeping (a test's) still gets its reads.
    let slept = this.clock.now();
    try {
      while (!this.signal?.aborted) {
        const now = Math.max(this.clock.now(), slept);
        let next = Number.POSITIVE_INFINITY;
        for (const watched of this.watched.values()) {
          if (watched.dueAt === undefined) continue;
          if (watched.dueAt <= now) void this.read(watched);
          else next = Math.min(next, watched.dueAt);
        }
        if (next === Number.POSITIVE_INFINITY) return;
        const wake = (this.wake = new AbortController());
        await this.clock.sleep(next - now, wake.signal);
        slept = wake.signal.aborted ? this.clock.now() : next;
      }
    } finally {
      this.ticking = false;
    }
  }

  private async read(watched: Watched): Promise<void> {
    watched.dueAt = undefined;
    let availability: ModelAvailability;
    try {
      this.reads += 1;
      watched.reads += 1;
      availability = await watched.poll();
    } catch (err) {
      if (this.isWatched(watched)) this.settle(watched, (w) => w.reject(err));
      return;
    }
    if (!this.isWatched(watched)) return;
    for (const w of watched.waiters) w.request.onStatus?.(availability);
    if (availability.agreement === "AVAILABLE") return this.settle(watched, (w) => w.resolve(availability));
    if (availability.agreement === "ERROR") return this.settle(watched, (w) => w.reject(agreementFailed(w.request, availability)));
    const now = this.clock.now();
    for (const w of watched.waiters.filter((w) => now >= w.deadline)) w.reject(agreementTimeout(w.request, availability, now - w.since));
    watched.waiters = watched.waiters.filter((w) => now < w.deadline);
    if (watched.waiters.length === 0) this.watched.delete(watched.key);
    else this.schedule(watched);
  }

  private isWatched(watched: Watched): boolean {
    return this.watched.get(watched.key) === watched;
  }

  private settle(watched: Watched, outcome: (waiter: Waiter) => void): void {
    this.watched.delete(watched.key);
    for (const w of watched.waiters) outcome(w);
  }

  private interruptAll(): void {
    this.wake?.abort();
    for (const watched of [...this.watched.values()]) this.settle(watched, (w) => w.reject(interruptedWait(w.request)));
  }
}

function interruptedWait(request: AgreementWaitRequest): EnablementFailure {
  return new EnablementFailure(
    "interrupted",
    `interrupted before the agreement for ${request.modelId} became AVAILABLE; re-run the command to finish (it continues from the state AWS reports)`,
  );
}

function agreementFailed(request: AgreementWaitRequest, availability: ModelAvailability): EnablementFailure {
  return new EnablementFailure(
    "agreement-failed",
    `${request.where}: the AWS Marketplace agreement for ${request.modelId} failed (${
      availability.agreementMessage ?? "no reason given"
    }). Fix: check the account can buy from AWS Marketplace (payment method, no SCP denying aws-marketplace:*), then re-run with --force-invoke.`,
  );
}

function agreementTimeout(request: AgreementWaitRequest, availability: ModelAvailability, waitedMs: number): EnablementFailure {
  return new EnablementFailure(
    "agreement-timeout",
    `${request.where}: the agreement for ${request.modelId} is still ${availability.agreement} after ${Math.round(
      waitedMs / 1000,
    )} s. It can take several minutes: re-run enable later (it re-checks without invoking again) or raise --wait-timeout.`,
  );
}
