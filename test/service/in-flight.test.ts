import { describe, expect, it } from "vitest";
import { createInFlightTracker } from "../../src/service/in-flight.js";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("in-flight tracker", () => {
  it("drain waits for every tracked handler, failed ones included", async () => {
    const t = createInFlightTracker();
    const a = deferred();
    const b = deferred();
    t.track(a.promise);
    t.track(b.promise.then(() => Promise.reject(new Error("handler failed")))).catch(() => undefined);
    expect(t.size()).toBe(2);
    let drained: boolean | undefined;
    const drain = t.drain(5_000).then((v) => (drained = v));
    a.resolve();
    await a.promise;
    await Promise.resolve();
    expect(drained).toBeUndefined();
    expect(t.size()).toBe(1);
    b.resolve();
    await drain;
    expect(drained).toBe(true);
    expect(t.size()).toBe(0);
  });

  it("drain gives up after the bound and reports false", async () => {
    const t = createInFlightTracker();
    t.track(new Promise(() => undefined));
    expect(await t.drain(20)).toBe(false);
    expect(t.size()).toBe(1);
  });

  it("drain with nothing in flight resolves true at once", async () => {
    expect(await createInFlightTracker().drain(0)).toBe(true);
  });
});
