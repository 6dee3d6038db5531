import { describe, expect, it } from "vitest";
import { KeyedMutex } from "../../provider/core/keyed-mutex";

/** A section that ends when the test says. */
function section() {
  let finish!: () => void;
  const gate = new Promise<void>((resolve) => (finish = resolve));
  return { finish, run: () => gate };
}

describe("core › KeyedMutex", () => {
  it("runs sections of one key one at a time, in order, and other keys freely", async () => {
    const mutex = new KeyedMutex();
    const events: string[] = [];
    let releaseFirst!: () => void;
    const firstGate = new Promise<void>((resolve) => (releaseFirst = resolve));
    const first = mutex.run("a", async () => {
      events.push("a1 start");
      await firstGate;
      events.push("a1 end");
    });
    const second = mutex.run("a", async () => {
      events.push("a2");
    });
    await mutex.run("b", async () => {
      events.push("b");
    });
    expect(events).toEqual(["a1 start", "b"]);
    releaseFirst();
    await Promise.all([first, second]);
    expect(events).toEqual(["a1 start", "b", "a1 end", "a2"]);
    expect(mutex.busy("a")).toBe(false);
  });

  it("releases the key when a section fails", async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run("a", async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await mutex.run("a", async () => "next")).toBe("next");
    expect(mutex.busy("a")).toBe(false);
  });

  it("is busy while a section of the key runs or waits, and keeps no key once the last one ends", async () => {
    const mutex = new KeyedMutex();
    const first = section();
    const second = section();
    expect(mutex.busy("a")).toBe(false);
    const running = [mutex.run("a", first.run), mutex.run("a", second.run)];
    expect(mutex.busy("a")).toBe(true);
    expect(mutex.busy("b")).toBe(false);
    first.finish();
    await running[0];
    expect(mutex.busy("a")).toBe(true);
    second.finish();
    await running[1];
    expect(mutex.busy("a")).toBe(false);
  });
});
