/**
 * sendblue.Webhook writes of one account are batched: the changes that wait while a write is in flight (or that
 * arrive together) go in one DELETE and one POST per type. A POST is confirmed by its answer (the list of the type
 * it appended to), a DELETE by one read-back GET; each resource gets its own verdict.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it, vi } from "vitest";
import * as arrivals from "../../provider/sendblue/arrivals";
import * as client from "../../provider/sendblue/client";
import { webhookProvider } from "../../provider/sendblue/provider";
import type { BatchRecord } from "../../provider/sendblue/timeline";
import { ACCOUNT, checkedBy, PATH, useSendblueEmulator } from "./context";

const provider = webhookProvider;
const { current: emulator, calls, writes, document } = useSendblueEmulator();
const url = (n: number) => `https://hooks.example.com/sendblue/batch/${n}`;
const idOf = (type: string, address: string) => `${type}/${encodeURIComponent(address)}`;
const FOREIGN_ENTRY = "https://someone-else.example.com/hook";

/** Checked inputs first, so every create reaches the provider in the same tick, as the engine's 16 slots do. */
async function createAll(entries: Array<Record<string, unknown>>) {
  const inputs = await Promise.all(entries.map((entry) => checkedBy(provider, entry)));
  return Promise.allSettled(inputs.map((input) => provider.create!(input)));
}

describe("sendblue.Webhook provider › batched writes", () => {
  it("sends concurrent creates as one POST per type after one look, each confirmed by its answer", async () => {
    const results = await createAll([
      { type: "receive", url: url(1) },
      { type: "receive", url: url(2), secret: "two" },
      { type: "outbound", url: url(3) },
      { type: "receive", url: url(4) },
    ]);
    expect(results.map((result) => result.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "fulfilled",
    ]);
    expect(calls()).toEqual([`GET ${PATH}`, `POST ${PATH}`, `POST ${PATH}`]);
    expect(writes()).toEqual([
      ["POST", { type: "receive", webhooks: [url(1), { url: url(2), secret: "two" }, url(4)] }],
      ["POST", { type: "outbound", webhooks: [url(3)] }],
    ]);
    expect(document()).toMatchObject({
      receive: [url(1), { url: url(2), secret: "two" }, url(4)],
      outbound: [url(3)],
    });
  });

  it("sends concurrent deletes as one DELETE per type, confirmed by one GET", async () => {
    emulator().store.append(ACCOUNT, "receive", [url(1), url(2), url(3)]);
    await Promise.all([1, 2].map((n) => provider.delete!(idOf("receive", url(n)), {})));
    expect(calls()).toEqual([`DELETE ${PATH}`, `GET ${PATH}`]);
    expect(writes()).toEqual([["DELETE", { type: "receive", webhooks: [url(1), url(2)] }]]);
    expect(document().receive).toEqual([url(3)]);
  });

  it("queues what arrives while a write is in flight and sends it all in the next write", async () => {
    const later = await Promise.all(
      [2, 3, 4].map((n) => checkedBy(provider, { type: "receive", url: url(n) })),
    );
    let arrived!: Promise<PromiseSettledResult<unknown>[]>;
    // Three more reach the provider while the first create's POST is being applied.
    const stop = emulator().onWrite(() => {
      stop();
      arrived = Promise.allSettled(later.map((input) => provider.create!(input)));
    });
    await provider.create!(await checkedBy(provider, { type: "receive", url: url(1) }));
    const rest = await arrived;
    expect(rest.map((result) => result.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
    expect(writes()).toEqual([
      ["POST", { type: "receive", webhooks: [url(1)] }],
      ["POST", { type: "receive", webhooks: [url(2), url(3), url(4)] }],
    ]);
    // They were checked before the first look was taken: that look, with the first POST's answer, is theirs too.
    expect(calls()).toEqual([`GET ${PATH}`, `POST ${PATH}`, `POST ${PATH}`]);
  });

  it("looks again before a create that was not waiting when the last read-back was taken", async () => {
    await provider.create!(await checkedBy(provider, { type: "receive", url: url(1) }));
    // Someone adds url(2) by hand in between: the next create must see it.
    emulator().store.append(ACCOUNT, "receive", [url(2)]);
    const [result] = await createAll([{ type: "receive", url: url(2) }]);
    expect(result?.status).toBe("rejected");
    expect(calls()).toEqual([`GET ${PATH}`, `POST ${PATH}`, `GET ${PATH}`]);
    expect(document().receive).toEqual([url(1), url(2)]);
  });

  it("fails only the member that conflicts with an existing entry; the others are created", async () => {
    emulator().store.append(ACCOUNT, "receive", [url(2)]);
    const results = await createAll([1, 2, 3].map((n) => ({ type: "receive", url: url(n) })));
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(String((results[1] as PromiseRejectedResult).reason.message)).toContain(
      `the account already has a receive webhook for ${url(2)}`,
    );
    expect(writes()).toEqual([["POST", { type: "receive", webhooks: [url(1), url(3)] }]]);
    expect(document().receive).toEqual([url(2), url(1), url(3)]);
  });

  it("fails every member of a batch Sendblue refuses as a request (401), saying it was one request, and succeeds none", async () => {
    emulator().faults.add({
      kind: "status",
      status: 401,
      method: "POST",
      body: JSON.stringify({
        status: "ERROR",
        message: "Invalid API credentials",
        error: "Invalid API credentials",
      }),
    });
    const results = await createAll([1, 2, 3].map((n) => ({ type: "receive", url: url(n) })));
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected", "rejected"]);
    for (const result of results) {
      expect((result as PromiseRejectedResult).reason.message).toMatch(
        /^Sendblue add 3 webhooks \(one request\) failed: HTTP 401 "Invalid API credentials"/,
      );
    }
    expect(writes()).toHaveLength(1);
    expect(document().receive).toEqual([]);
  });

  it("sends each entry alone after Sendblue refuses a batch as invalid (400): only the entry it refuses fails", async () => {
    // A url Sendblue refuses although check let it through (here: plain http, which check would have stopped).
    const refused = "http://hooks.example.com/sendblue/batch/plain";
    const inputs = await Promise.all(
      [1, 3].map((n) => checkedBy(provider, { type: "receive", url: url(n) })),
    );
    const results = await Promise.allSettled(
      [inputs[0]!, { ...inputs[0]!, url: refused }, inputs[1]!].map((input) => provider.create!(input)),
    );
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason.message).toMatch(
      /^Sendblue add webhook failed: HTTP 400 /,
    );
    expect(writes()).toEqual([
      ["POST", { type: "receive", webhooks: [url(1), refused, url(3)] }],
      ["POST", { type: "receive", webhooks: [url(1)] }],
      ["POST", { type: "receive", webhooks: [refused] }],
      ["POST", { type: "receive", webhooks: [url(3)] }],
    ]);
    expect(document().receive).toEqual([url(1), url(3)]);
  });

  it("does not post a batch again when its response was lost after Sendblue applied it: the read-back shows every entry", async () => {
    emulator().faults.add({ kind: "lost", method: "POST", path: PATH });
    const results = await createAll([1, 2, 3].map((n) => ({ type: "receive", url: url(n) })));
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
    expect(emulator().requests.filter((request) => request.method === "POST")).toHaveLength(1);
    expect(document().receive).toEqual([url(1), url(2), url(3)]);
  });

  it("posts again only the entries the document did not keep", async () => {
    const results = await createAll([1, 2].map((n) => ({ type: "receive", url: url(n) })));
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "fulfilled"]);
    emulator().clearRequests();
    // The next POST's answer is lost, and another writer removes url(4) right after it lands: the read-back shows
    // url(3) kept and url(4) not, and the retry carries url(4) alone.
    emulator().faults.add({ kind: "lost", method: "POST", path: PATH });
    const stop = emulator().onWrite(() => {
      stop();
      emulator().store.remove(ACCOUNT, "receive", [url(4)]);
    });
    const again = await createAll([3, 4].map((n) => ({ type: "receive", url: url(n) })));
    expect(again.map((result) => result.status)).toEqual(["fulfilled", "fulfilled"]);
    expect(writes()).toEqual([
      ["POST", { type: "receive", webhooks: [url(3), url(4)] }],
      ["POST", { type: "receive", webhooks: [url(4)] }],
    ]);
    expect(document().receive).toEqual([url(1), url(2), url(3), url(4)]);
  });

  it("runs a delete and a create of the same entry one after the other, never in one batch", async () => {
    emulator().store.append(ACCOUNT, "receive", [{ url: url(1), secret: "old" }]);
    const inputs = await checkedBy(provider, { type: "receive", url: url(1), secret: "new", adopt: true });
    // Both reach the provider in the same tick; the second waits for the next batch (a DELETE removes every copy).
    const [removed, created] = await Promise.allSettled([
      provider.delete!(idOf("receive", url(1)), {}),
      provider.create!(inputs),
    ]);
    expect([removed.status, created.status]).toEqual(["fulfilled", "fulfilled"]);
    expect(writes()).toEqual([
      ["DELETE", { type: "receive", webhooks: [url(1)] }],
      ["POST", { type: "receive", webhooks: [{ url: url(1), secret: "new" }] }],
    ]);
    expect(document().receive).toEqual([{ url: url(1), secret: "new" }]);
  });
});

describe("sendblue.Webhook provider › a stream of creates, as the engine runs them", () => {
  /** Slow writes for this test's account, so a batch may wait for the engine's next operations (./arrivals). */
  const slowAccount = () => arrivals.wroteIn(client.accountKey(client.sendblueApi()), 10_000);
  const receive = (n: number) => checkedBy(provider, { type: "receive", url: url(n) });
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  it("waits for the operations a POST's answer released, so the next POST carries them with those that queued", async () => {
    slowAccount();
    // The engine checks every resource before its slots run them: all sixteen were checked before the first look.
    const inputs = await Promise.all(Array.from({ length: 16 }, (_, index) => receive(index + 1)));
    const create = (n: number) => provider.create!(inputs[n - 1]!);
    let queued!: Promise<unknown>;
    const stop = emulator().onWrite(() => {
      stop();
      // Four reach the provider while the first POST is in flight; they wait for its answer.
      queued = Promise.all([9, 10, 11, 12].map(create));
    });
    await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map(create));
    // The eight slots that answer freed take the next four operations, which come in one by one.
    const released: Promise<unknown>[] = [];
    for (const n of [13, 14, 15, 16]) {
      released.push(create(n));
      await nextTurn();
    }
    await Promise.all([queued, ...released]);
    expect(calls()).toEqual([`GET ${PATH}`, `POST ${PATH}`, `POST ${PATH}`]);
    expect(writes()).toEqual([
      ["POST", { type: "receive", webhooks: [1, 2, 3, 4, 5, 6, 7, 8].map(url) }],
      ["POST", { type: "receive", webhooks: [9, 10, 11, 12, 13, 14, 15, 16].map(url) }],
    ]);
  });

  it("posts a create checked after the last answer in the next POST, whose answer is its look: no GET, and a hand-made entry is still refused", async () => {
    slowAccount();
    const early = await Promise.all([2, 3].map(receive));
    await provider.create!(await receive(1));
    // Someone adds url(5) by hand, then the engine checks url(4) and url(5): the last POST's answer predates both.
    emulator().store.append(ACCOUNT, "receive", [url(5)]);
    const late = await Promise.all([4, 5].map(receive));
    emulator().clearRequests();
    const results = await Promise.allSettled([...early, ...late].map((input) => provider.create!(input)));
    expect(results.map((result) => result.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "fulfilled",
      "rejected",
    ]);
    expect(String((results[3] as PromiseRejectedResult).reason.message)).toContain(
      `the account already has a receive webhook for ${url(5)}`,
    );
    // url(2) and url(3) go on the view; url(4) and url(5) wait for that POST's answer, which shows url(5).
    expect(calls()).toEqual([`POST ${PATH}`, `POST ${PATH}`]);
    expect(writes()).toEqual([
      ["POST", { type: "receive", webhooks: [url(2), url(3)] }],
      ["POST", { type: "receive", webhooks: [url(4)] }],
    ]);
    expect(document().receive).toEqual([url(1), url(5), url(2), url(3), url(4)]);
  });
});

describe("sendblue.Webhook provider › a replacement that keeps type and url", () => {
  /** What the engine does for a new secret: diff (replace, delete first), the delete, then the create. */
  async function replace(secret: string) {
    const olds = await checkedBy(provider, { type: "receive", url: url(1), secret: "old" });
    const news = await checkedBy(provider, { type: "receive", url: url(1), secret });
    expect(await provider.diff!(idOf("receive", url(1)), olds, news)).toMatchObject({
      replaces: ["secret"],
      deleteBeforeReplace: true,
    });
    await provider.delete!(idOf("receive", url(1)), olds);
    return provider.create!(news);
  }

  it("confirms its DELETE on the answer of the POST that follows, with no read-back of its own", async () => {
    emulator().store.append(ACCOUNT, "receive", [FOREIGN_ENTRY, { url: url(1), secret: "old" }]);
    await replace("new");
    expect(calls()).toEqual([`DELETE ${PATH}`, `GET ${PATH}`, `POST ${PATH}`]);
    expect(document().receive).toEqual([FOREIGN_ENTRY, { url: url(1), secret: "new" }]);
  });

  it("still ends with exactly the new entry when Sendblue did not keep the DELETE, and calls it no conflict", async () => {
    emulator().store.append(ACCOUNT, "receive", [{ url: url(1), secret: "old" }]);
    emulator().loseNextWrites(1);
    await replace("new");
    // The create's look still shows the old entry: it goes with a DELETE in the create's own batch.
    expect(writes()).toEqual([
      ["DELETE", { type: "receive", webhooks: [url(1)] }],
      ["DELETE", { type: "receive", webhooks: [url(1)] }],
      ["POST", { type: "receive", webhooks: [{ url: url(1), secret: "new" }] }],
    ]);
    expect(document().receive).toEqual([{ url: url(1), secret: "new" }]);
  });
  /** Batches as the provider's timeline records them (CONTRIBUTING, "Sendblue write path"). */
  function recordBatches(): () => BatchRecord[] {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sendblue-batches-")), "batches.jsonl");
    vi.stubEnv("PULUMI_WEBHOOKS_SENDBLUE_TIMELINE", file);
    return () =>
      fs.existsSync(file)
        ? fs
            .readFileSync(file, "utf8")
            .trim()
            .split("\n")
            .map((line) => JSON.parse(line) as BatchRecord)
        : [];
  }

  it("joins the create to the POST of the batch that sent its DELETE, with no look, once this process knows the list", async () => {
    emulator().store.append(ACCOUNT, "receive", [FOREIGN_ENTRY]);
    await provider.create!(await checkedBy(provider, { type: "receive", url: url(1), secret: "old" }));
    emulator().clearRequests();
    const batches = recordBatches();
    await replace("new");
    expect(calls()).toEqual([`DELETE ${PATH}`, `POST ${PATH}`]);
    expect(writes()).toEqual([
      ["DELETE", { type: "receive", webhooks: [url(1)] }],
      ["POST", { type: "receive", webhooks: [{ url: url(1), secret: "new" }] }],
    ]);
    expect(batches().map(({ removes, adds, joined }) => ({ removes, adds, joined }))).toEqual([
      { removes: 1, adds: 1, joined: 1 },
    ]);
    expect(document().receive).toEqual([FOREIGN_ENTRY, { url: url(1), secret: "new" }]);
  });

  it("sees on the POST's answer that Sendblue did not keep the DELETE, and deletes and posts again", async () => {
    emulator().store.append(ACCOUNT, "receive", [FOREIGN_ENTRY]);
    await provider.create!(await checkedBy(provider, { type: "receive", url: url(1), secret: "old" }));
    emulator().clearRequests();
    emulator().loseNextWrites(1);
    await replace("new");
    // The answer lists the old entry beside the new one: not kept; the entry goes again, DELETE first, naming the
    // url once per copy (a Sendblue whose DELETE removes one copy per url named then leaves none).
    expect(writes()).toEqual([
      ["DELETE", { type: "receive", webhooks: [url(1)] }],
      ["POST", { type: "receive", webhooks: [{ url: url(1), secret: "new" }] }],
      ["DELETE", { type: "receive", webhooks: [url(1), url(1)] }],
      ["POST", { type: "receive", webhooks: [{ url: url(1), secret: "new" }] }],
    ]);
    expect(document().receive).toEqual([FOREIGN_ENTRY, { url: url(1), secret: "new" }]);
  });
});
