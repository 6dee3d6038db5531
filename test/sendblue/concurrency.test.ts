/**
 * The account document is shared by every sendblue.Webhook of an account, and the engine calls
 * many of them at once. The provider serializes its writes per account (the changes waiting meanwhile go
 * together in the next write) and confirms each on what Sendblue shows (a POST's answer, or a read-back); these tests
 * prove the end state is exact, also when Sendblue's own append and remove are a non-atomic read-modify-write of the
 * document.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import * as client from "../../provider/sendblue/client";
import { webhookProvider } from "../../provider/sendblue/provider";
import { urlOf, type SendblueEmulator, type SendblueEmulatorOptions } from "../emulators/sendblue";
import { ACCOUNT, startWithEnv } from "./context";

let emulator: SendblueEmulator | undefined;

async function start(options: SendblueEmulatorOptions): Promise<SendblueEmulator> {
  emulator = await startWithEnv(options);
  return emulator;
}

afterEach(async () => {
  vi.unstubAllEnvs();
  await emulator?.close();
  emulator = undefined;
});

const url = (n: number) => `https://hooks.example.com/sendblue/${n}`;
const FOREIGN = "https://someone-else.example.com/hook";

describe("sendblue.Webhook › 50 concurrent creates and deletes on one account", () => {
  it.each([
    ["atomic writes", { nonAtomicWrites: false }],
    ["non-atomic read-modify-write inside Sendblue", { nonAtomicWrites: true }],
  ])("end with exactly the desired document (%s)", async (_name, options) => {
    const sendblue = await start(options);
    // 25 entries that will be deleted (with and without secrets, over two types), one foreign entry.
    const doomed = Array.from({ length: 25 }, (_, n) => ({
      type: n % 2 ? "outbound" : "receive",
      url: url(n),
      secret: n % 3 ? undefined : `s${n}`,
    }));
    sendblue.store.append(ACCOUNT, "receive", [FOREIGN]);
    for (const entry of doomed)
      sendblue.store.append(ACCOUNT, entry.type as "receive", [
        entry.secret ? { url: entry.url, secret: entry.secret } : entry.url,
      ]);
    const wanted = Array.from({ length: 25 }, (_, n) => ({
      type: n % 2 ? "receive" : "call_log",
      url: url(100 + n),
      secret: n % 4 ? `t${n}` : undefined,
    }));

    const operations = [
      ...wanted.map(async (entry) => {
        const { inputs, failures } = await webhookProvider.check!({}, entry);
        expect(failures).toEqual([]);
        return webhookProvider.create!(inputs);
      }),
      ...doomed.map((entry) => webhookProvider.delete!(`${entry.type}/${encodeURIComponent(entry.url)}`, {})),
    ];
    await Promise.all(operations);

    const document = sendblue.store.document(ACCOUNT);
    const expected = (type: string) =>
      wanted
        .filter((entry) => entry.type === type)
        .map((entry) => (entry.secret ? { url: entry.url, secret: entry.secret } : entry.url));
    expect(new Set(document.receive)).toEqual(new Set([FOREIGN, ...expected("receive")]));
    expect(document.receive).toHaveLength(1 + expected("receive").length);
    expect(new Set(document.call_log)).toEqual(new Set(expected("call_log")));
    expect(document.call_log).toHaveLength(expected("call_log").length);
    expect(document.outbound).toEqual([]);
    expect(sendblue.requests.map((request) => request.method)).not.toContain("PUT");
    // Each operation's entry was written exactly once (writes carry the entries of every resource waiting on the
    // account, so there are fewer requests than operations): nothing was lost and had to be repeated.
    const written = sendblue.requests
      .filter((request) => request.method !== "GET")
      .flatMap((request) => (request.body as { webhooks: unknown[] }).webhooks);
    expect(written).toHaveLength(50);
    expect(sendblue.requests.filter((request) => request.method !== "GET").length).toBeLessThan(50);
  });

  it("end with exactly the desired document under random faults (429, 502, 503, resets, lost responses) too", async () => {
    const sendblue = await start({ nonAtomicWrites: true });
    sendblue.store.append(ACCOUNT, "receive", [FOREIGN, ...Array.from({ length: 10 }, (_, n) => url(n))]);
    // Read-backs run beside the next batch's writes, so which request meets which seeded fault varies from run to run
    // (SENDBLUE_FAULT_SEED tries another seed; a harsh one can exhaust the transport's retries, which is not a bug).
    // Writes are batched, so there are few POSTs: the first surely meets a reset (nothing lands, the read-back says so,
    // the entries go again) and the second a lost response (it lands, the read-back says so).
    vi.stubEnv("PULUMI_WEBHOOKS_RETRY_MAX_MS", "5"); // Retry-After: 1 would otherwise cost a real second each
    sendblue.faults.add({ kind: "reset", method: "POST", times: 1 });
    sendblue.faults.add({ kind: "lost", method: "POST", times: 1 });
    sendblue.faults.setProfile({
      transientRate: 0.2,
      lostRate: 0.15,
      latencyMs: 0,
      seed: Number(process.env.SENDBLUE_FAULT_SEED ?? 74),
    });
    await Promise.all([
      ...Array.from({ length: 10 }, async (_, n) =>
        webhookProvider.create!(
          (await webhookProvider.check!({}, { type: "receive", url: url(50 + n), secret: `f${n}` })).inputs,
        ),
      ),
      ...Array.from({ length: 10 }, (_, n) =>
        webhookProvider.delete!(`receive/${encodeURIComponent(url(n))}`, {}),
      ),
    ]);
    sendblue.faults.setProfile(undefined);
    expect(sendblue.faults.total).toBeGreaterThan(0);
    const receive = sendblue.store.document(ACCOUNT).receive;
    expect(new Set(receive)).toEqual(
      new Set([FOREIGN, ...Array.from({ length: 10 }, (_, n) => ({ url: url(50 + n), secret: `f${n}` }))]),
    );
    expect(receive).toHaveLength(11);
    expect(
      sendblue.requests
        .filter((request) => request.method === "POST" && request.fault)
        .map((request) => request.fault),
    ).toEqual(expect.arrayContaining(["lost", "reset"]));
  });

  it("the same load without the per-account lock does lose entries when Sendblue's writes are not atomic", async () => {
    const sendblue = await start({ nonAtomicWrites: true });
    const hold = sendblue.holdWrites();
    const api = client.sendblueApi();
    const posts = Promise.all(
      Array.from({ length: 10 }, (_, n) => client.appendEntries(api, "receive", [url(n)])),
    );
    await expect.poll(() => hold.waiting).toBe(10);
    hold.release();
    await posts;
    expect(sendblue.store.document(ACCOUNT).receive.map(urlOf)).toHaveLength(1);
  });
});
