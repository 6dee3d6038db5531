import { describe, expect, it } from "vitest";
import { SharedCalls } from "../../provider/core/shared-calls";

/** A call the test settles by hand, counting how often it was started. */
function manualCalls<T>() {
  const started: Array<{ resolve: (value: T) => void; reject: (error: Error) => void }> = [];
  const call = () => new Promise<T>((resolve, reject) => started.push({ resolve, reject }));
  return { call, started };
}

describe("core › SharedCalls", () => {
  it("shares one call among concurrent callers of a key, and one finished answer while it is fresh", async () => {
    const calls = new SharedCalls<string>(60_000);
    const { call, started } = manualCalls<string>();
    const first = calls.run("list", call);
    const second = calls.run("list", call);
    const other = calls.run("other list", call);
    expect(started).toHaveLength(2);
    started[0]!.resolve("answer");
    started[1]!.resolve("other answer");
    expect(await Promise.all([first, second, other])).toEqual(["answer", "answer", "other answer"]);
    expect(await calls.run("list", call)).toBe("answer");
    expect(started).toHaveLength(2);
  });

  it("keeps no failed call: the next caller calls again", async () => {
    const calls = new SharedCalls<string>(60_000);
    const { call, started } = manualCalls<string>();
    const failing = calls.run("list", call);
    started[0]!.reject(new Error("refused"));
    await expect(failing).rejects.toThrow("refused");
    const retried = calls.run("list", call);
    expect(started).toHaveLength(2);
    started[1]!.resolve("answer");
    expect(await retried).toBe("answer");
  });

  it("never hands a caller after a write the answer of a read that ran while the write was on its way", async () => {
    const calls = new SharedCalls<string>(60_000);
    let state = "before";
    let finishWrite!: () => void;
    const written = calls.write("list", async () => {
      await new Promise<void>((resolve) => (finishWrite = resolve));
      state = "after";
    });
    // A read during the write sees (and would share) the state from before it.
    expect(await calls.run("list", async () => state)).toBe("before");
    finishWrite();
    await written;
    expect(await calls.run("list", async () => state)).toBe("after");
  });

  it("drops the shared answer around a write that fails too (it may have been applied)", async () => {
    const calls = new SharedCalls<string>(60_000);
    expect(await calls.run("list", async () => "before")).toBe("before");
    await expect(
      calls.write("list", async () => {
        throw new Error("connection lost");
      }),
    ).rejects.toThrow("connection lost");
    expect(await calls.run("list", async () => "after")).toBe("after");
  });

  it("gives a fresh caller a call of its own, which later callers share", async () => {
    const calls = new SharedCalls<string>(60_000);
    expect(await calls.run("list", async () => "old")).toBe("old");
    expect(await calls.fresh("list", async () => "new")).toBe("new");
    expect(await calls.run("list", async () => "newer")).toBe("new");
  });
});
