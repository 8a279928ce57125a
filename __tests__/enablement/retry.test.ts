import { backoffDelay, retryUntil, withRetry, type RetryPolicy } from "../../lib/enablement/aws/retry";
import { fakeClock } from "./harness";

const policy: RetryPolicy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 5000 };

describe("backoff", () => {
  it("doubles the ceiling per attempt, caps it, and draws the delay below it (full jitter)", () => {
    expect([0, 1, 2, 3, 4].map((n) => backoffDelay(policy, n, () => 0.999))).toEqual([999, 1998, 3996, 4995, 4995]);
    expect(backoffDelay(policy, 3, () => 0)).toBe(0);
    expect(backoffDelay(policy, 1, () => 0.5)).toBe(1000);
  });
});

describe("withRetry", () => {
  it("retries retryable errors until success, sleeping the backoff between attempts", async () => {
    const clock = fakeClock();
    const fn = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(new Error("throttled"))
      .mockRejectedValueOnce(new Error("throttled"))
      .mockResolvedValue("ok");

    await expect(withRetry(fn, () => true, { policy, clock, random: () => 0.5 })).resolves.toBe("ok");
    expect(fn).toHaveBeenCalledTimes(3);
    expect(clock.slept).toEqual([500, 1000]);
  });

  it("gives up after the configured attempts with the last error", async () => {
    const fn = jest.fn<Promise<string>, []>().mockRejectedValue(new Error("still throttled"));

    await expect(withRetry(fn, () => true, { policy, clock: fakeClock(), random: () => 0 })).rejects.toThrow("still throttled");
    expect(fn).toHaveBeenCalledTimes(5);
  });

  it("starts no retry that would begin after the call's deadline: retries count against it", async () => {
    const clock = fakeClock();
    // Each attempt takes 5 s of the 10 s deadline: after the second (10.5 s with the first wait) no retry starts.
    const fn = jest.fn<Promise<string>, []>().mockImplementation(async () => {
      await clock.sleep(5000);
      throw new Error("no answer");
    });

    await expect(
      withRetry(fn, () => true, { policy: { ...policy, baseDelayMs: 1000, deadlineMs: 10_000 }, clock, random: () => 0.5 }),
    ).rejects.toThrow("no answer");
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it("does not retry errors the predicate rejects", async () => {
    const fn = jest.fn<Promise<string>, []>().mockRejectedValue(new Error("denied"));

    await expect(withRetry(fn, () => false, { policy, clock: fakeClock(), random: () => 0 })).rejects.toThrow("denied");
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe("retryUntil", () => {
  it("re-checks after 1 s, doubling the wait up to the interval while waiting is worth it, then stops at the deadline", async () => {
    const clock = fakeClock();
    const fn = jest.fn<Promise<string>, []>().mockRejectedValue(new Error("being created"));

    await expect(retryUntil(fn, () => true, { clock, intervalMs: 10_000, timeoutMs: 25_000 })).rejects.toThrow("being created");
    expect(clock.slept).toEqual([1_000, 2_000, 4_000, 8_000, 10_000]);
    expect(fn).toHaveBeenCalledTimes(6);
  });
});
