import { describe, expect, it } from "vitest";
import { KeyedBatcher } from "../../provider/core/batcher";
import { KeyedMutex } from "../../provider/core/keyed-mutex";

describe("core › KeyedBatcher", () => {
  it("sends what waits while a batch is in flight as the next batch, keeps same-target items apart, and settles each item", async () => {
    const batches: string[][] = [];
    let releaseFirst!: () => void;
    const firstGate = new Promise<void>((resolve) => (releaseFirst = resolve));
    const mutex = new KeyedMutex();
    const batcher = new KeyedBatcher<string, string>({
      lock: (key, section) => mutex.run(key, section),
      target: (item) => item.split(":")[0]!,
      async run(_key, batch) {
        batches.push(batch.map((waiting) => waiting.item));
        if (batches.length === 1) await firstGate;
        for (const waiting of batch) {
          if (waiting.item.endsWith("bad")) waiting.reject(new Error(`no ${waiting.item}`));
          else waiting.resolve(`ok ${waiting.item}`);
        }
      },
    });
    const first = batcher.submit("account", "a:1");
    await Promise.resolve();
    const rest = ["b:1", "a:2", "c:bad", "b:2", "d:1"].map((item) => batcher.submit("account", item));
    const other = batcher.submit("other account", "a:1");
    expect(await other).toBe("ok a:1");
    releaseFirst();
    expect(await first).toBe("ok a:1");
    expect(await Promise.allSettled(rest)).toEqual([
      { status: "fulfilled", value: "ok b:1" },
      { status: "fulfilled", value: "ok a:2" },
      { status: "rejected", reason: new Error("no c:bad") },
      { status: "fulfilled", value: "ok b:2" },
      { status: "fulfilled", value: "ok d:1" },
    ]);
    expect(batches).toEqual([["a:1"], ["a:1"], ["b:1", "a:2", "c:bad", "d:1"], ["b:2"]]);
  });

  it("rejects an item its batch forgot, and every item of a batch that throws", async () => {
    const batcher = new KeyedBatcher<string, string>({
      lock: (_key, section) => section(),
      target: (item) => item,
      async run(_key, batch) {
        if (batch.some((waiting) => waiting.item === "boom")) throw new Error("batch failed");
      },
    });
    await expect(batcher.submit("k", "forgotten")).rejects.toThrow(/without a result/);
    await expect(batcher.submit("k", "boom")).rejects.toThrow("batch failed");
  });
  it("lets a running batch take the waiting items it accepts, one per target, and leaves the rest waiting", async () => {
    const batcher = new KeyedBatcher<string, string>({
      lock: (_key, section) => new Promise<void>(() => void section), // never runs: the items stay waiting
      target: (item) => item.split(":")[0]!,
      async run() {},
    });
    for (const item of ["a:1", "b:1", "a:2", "c:1"]) void batcher.submit("k", item);
    expect(batcher.waiting("k", (item) => item.startsWith("a"))).toBe(2);
    const taken = batcher.takeWhere("k", (item) => item !== "c:1");
    expect(taken.map((waiting) => waiting.item)).toEqual(["a:1", "b:1"]);
    expect(batcher.waiting("k")).toBe(2);
    expect(batcher.takeWhere("k", () => true).map((waiting) => waiting.item)).toEqual(["a:2", "c:1"]);
    expect(batcher.waiting("k")).toBe(0);
  });

  it("leaves the items `select` turns down for a later batch, and takes them all when it accepts none", async () => {
    const batches: string[][] = [];
    const mutex = new KeyedMutex();
    const batcher = new KeyedBatcher<string, string>({
      lock: (key, section) => mutex.run(key, section),
      target: (item) => item,
      // "late" items wait while anything else is queued.
      select: (_key, queued) => (item) =>
        !item.startsWith("late") || queued.every((one) => one.startsWith("late")),
      async run(_key, batch) {
        batches.push(batch.map((waiting) => waiting.item));
        for (const waiting of batch) waiting.resolve(waiting.item);
      },
    });
    const items = ["late:1", "a", "b", "late:2"];
    expect(await Promise.all(items.map((item) => batcher.submit("k", item)))).toEqual(items);
    expect(batches).toEqual([
      ["a", "b"],
      ["late:1", "late:2"],
    ]);
    const never = new KeyedBatcher<string, string>({
      lock: (key, section) => mutex.run(key, section),
      target: (item) => item,
      select: () => () => false,
      async run(_key, batch) {
        batches.push(batch.map((waiting) => waiting.item));
        for (const waiting of batch) waiting.resolve(waiting.item);
      },
    });
    expect(await Promise.all(["x", "y"].map((item) => never.submit("k2", item)))).toEqual(["x", "y"]);
    expect(batches.at(-1)).toEqual(["x", "y"]);
  });
});
