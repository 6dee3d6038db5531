import { describe, expect, it, vi } from "vitest";
import { webhookProvider } from "../../provider/sendblue/provider";
import { SENDBLUE_TEST_KEY_ID, SENDBLUE_TEST_SECRET_KEY } from "../emulators/sendblue";
import type { SendblueEmulatorOptions } from "../emulators/sendblue";
import { ACCOUNT, checkedBy, failure, PATH, startWithEnv, useSendblueEmulator } from "./context";

// The provider called directly, as the host calls it after check, against the emulator.
const provider = webhookProvider;
const { current: emulator, calls, writes, document } = useSendblueEmulator();
const checked = (news: Record<string, unknown>) => checkedBy(provider, news);
const URL_A = "https://hooks.example.com/sendblue/a";
const URL_B = "https://hooks.example.com/sendblue/b";
const FOREIGN = "https://someone-else.example.com/hook";

/** An emulator with other rules than the shared one, in its place for this test (the test closes it). */
async function withRules(options: SendblueEmulatorOptions) {
  const current = await startWithEnv(options);
  return { current, calls: () => current.requests.map((request) => `${request.method} ${request.path}`) };
}

describe("sendblue.Webhook provider › create", () => {
  it("looks, appends one entry with POST, confirms it on the POST's answer, and never touches other entries", async () => {
    emulator().store.append(ACCOUNT, "receive", [
      FOREIGN,
      { url: "https://x.example.com", secret: "theirs" },
    ]);
    emulator().store.append(ACCOUNT, "outbound", [URL_A]);
    const { id, outs } = await provider.create!(await checked({ type: "receive", url: URL_A }));

    // The POST's answer lists the receive entries after the append: no read-back.
    expect(calls()).toEqual([`GET ${PATH}`, `POST ${PATH}`]);
    expect(writes()).toEqual([["POST", { type: "receive", webhooks: [URL_A] }]]);
    const post = emulator().requests[1]!;
    expect(post.headers["sb-api-key-id"]).toBe(SENDBLUE_TEST_KEY_ID);
    expect(post.headers["sb-api-secret-key"]).toBe(SENDBLUE_TEST_SECRET_KEY);
    expect(id).toBe(`receive/${encodeURIComponent(URL_A)}`);
    expect(outs).toEqual({ type: "receive", url: URL_A, adopt: false });
    expect(document()).toMatchObject({
      receive: [FOREIGN, { url: "https://x.example.com", secret: "theirs" }, URL_A],
      outbound: [URL_A],
    });
  });

  it("sends an entry with a secret as an object, without any globalSecret, and keeps the secret as an output", async () => {
    const { outs } = await provider.create!(
      await checked({ type: "call_log", url: URL_A, secret: "entry-secret-1" }),
    );
    expect(writes()).toEqual([
      ["POST", { type: "call_log", webhooks: [{ url: URL_A, secret: "entry-secret-1" }] }],
    ]);
    expect(outs).toEqual({ type: "call_log", url: URL_A, secret: "entry-secret-1", adopt: false });
  });

  it("refuses an entry that already exists unless adopt is set, and writes nothing", async () => {
    emulator().store.append(ACCOUNT, "receive", [{ url: URL_A, secret: "hand-made-secret" }]);
    const error = await failure(provider.create!(await checked({ type: "receive", url: URL_A })));
    expect(error.message).toBe(
      `Sendblue add webhook failed: the account already has a receive webhook for ${URL_A} (added by hand, by another program, or by another resource of this one). Set \`adopt: true\` to take it over (also when an interrupted run made it), or use another url; two resources of one program cannot share an entry. A renamed resource keeps its entry with the option \`aliases: [{ name: "<its old name>" }]\``,
    );
    expect(error.message).not.toContain("hand-made-secret");
    expect(writes()).toEqual([]);
  });

  it("adopts an existing identical entry without a write", async () => {
    emulator().store.append(ACCOUNT, "outbound", [{ url: URL_A, secret: "same" }]);
    const { outs } = await provider.create!(
      await checked({ type: "outbound", url: URL_A, secret: "same", adopt: true }),
    );
    expect(writes()).toEqual([]);
    expect(outs).toEqual({ type: "outbound", url: URL_A, secret: "same", adopt: true });
  });

  it("adopts an entry with another secret by deleting it and adding the declared one", async () => {
    emulator().store.append(ACCOUNT, "receive", [FOREIGN, { url: URL_A, secret: "old" }]);
    await provider.create!(await checked({ type: "receive", url: URL_A, secret: "new", adopt: true }));
    expect(writes()).toEqual([
      ["DELETE", { type: "receive", webhooks: [URL_A] }],
      ["POST", { type: "receive", webhooks: [{ url: URL_A, secret: "new" }] }],
    ]);
    expect(document().receive).toEqual([FOREIGN, { url: URL_A, secret: "new" }]);
  });

  it("with adopt and no existing entry, adds it as usual", async () => {
    await provider.create!(await checked({ type: "receive", url: URL_A, adopt: true }));
    expect(writes()).toEqual([["POST", { type: "receive", webhooks: [URL_A] }]]);
  });

  it("does not append twice when the POST's response is lost after Sendblue applied it", async () => {
    emulator().faults.add({ kind: "lost", method: "POST", path: PATH });
    await provider.create!(await checked({ type: "receive", url: URL_A }));
    expect(emulator().requests.filter((request) => request.method === "POST")).toHaveLength(1);
    expect(document().receive).toEqual([URL_A]);
  });

  it("posts again when a 500 left the entry out, and when another writer's change swallowed it", async () => {
    emulator().faults.add({ kind: "status", status: 500, method: "POST", path: PATH });
    await provider.create!(await checked({ type: "receive", url: URL_A }));
    emulator().loseNextWrites(1);
    await provider.create!(await checked({ type: "receive", url: URL_B }));
    expect(writes()).toEqual([
      ["POST", { type: "receive", webhooks: [URL_A] }],
      ["POST", { type: "receive", webhooks: [URL_A] }],
      ["POST", { type: "receive", webhooks: [URL_B] }],
      ["POST", { type: "receive", webhooks: [URL_B] }],
    ]);
    expect(document().receive).toEqual([URL_A, URL_B]);
  });

  it("confirms by reading back when the POST's answer shows no list", async () => {
    const { current, calls: callsOf } = await withRules({ writeAnswersWithoutLists: true });
    await provider.create!(await checked({ type: "receive", url: URL_A }));
    expect(callsOf()).toEqual([`GET ${PATH}`, `POST ${PATH}`, `GET ${PATH}`]);
    current.loseNextWrites(10);
    const error = await failure(provider.create!(await checked({ type: "receive", url: URL_B })));
    expect(error.message).toMatch(/did not keep the change to the receive webhook .* after 3 writes/);
    await current.close();
  });

  it("keeps an entry whose POST answer was lost in state as a partial failure when its read-back fails, and update finishes it", async () => {
    emulator().faults.add({ kind: "lost", method: "POST", path: PATH });
    emulator().onWrite(() => emulator().faults.add({ kind: "status", status: 500, method: "GET", times: 1 }));
    const inputs = await checked({ type: "receive", url: URL_A, secret: "s1" });
    const error = await failure(provider.create!(inputs));
    expect(error.name).toBe("ResourceInitError");
    expect(error.id).toBe(`receive/${encodeURIComponent(URL_A)}`);
    expect(error.properties).toEqual({ type: "receive", url: URL_A, secret: "s1", adopt: false });
    expect(error.message).toMatch(/^Sendblue get webhooks failed: HTTP 500/);
    emulator().clearRequests();
    // The engine retries a partially created resource with update: it confirms, and writes nothing more.
    const { outs } = await provider.update!(error.id as string, error.properties as never, inputs);
    expect(outs).toEqual(inputs);
    expect(writes()).toEqual([]);
    expect(document().receive).toEqual([{ url: URL_A, secret: "s1" }]);
  });

  it("update adds the entry again if it went missing after a partial failure", async () => {
    const inputs = await checked({ type: "receive", url: URL_A });
    await provider.update!(`receive/${encodeURIComponent(URL_A)}`, inputs as never, inputs);
    expect(writes()).toEqual([["POST", { type: "receive", webhooks: [URL_A] }]]);
  });

  it("gives up after three writes the document does not keep, saying why", async () => {
    emulator().loseNextWrites(10);
    const error = await failure(
      provider.create!(await checked({ type: "receive", url: URL_A, secret: "never-printed" })),
    );
    expect(error.message).toMatch(
      /^Sendblue add webhook failed: Sendblue did not keep the change to the receive webhook .* after 3 writes.*Another program/,
    );
    expect(error.message).not.toContain("never-printed");
    expect(emulator().requests.filter((request) => request.method === "POST")).toHaveLength(3);
  });

  it("turns a vendor rejection into one line with Sendblue's message", async () => {
    emulator().faults.add({
      kind: "status",
      status: 400,
      method: "POST",
      body: JSON.stringify({
        status: "ERROR",
        message: "Webhook URLs must use HTTPS",
        error: "Webhook URLs must use HTTPS",
      }),
    });
    const error = await failure(provider.create!(await checked({ type: "receive", url: URL_A })));
    expect(error.message).toBe('Sendblue add webhook failed: HTTP 400 "Webhook URLs must use HTTPS"');
  });

  it("names the config keys and variables when a credential is missing, and sends nothing", async () => {
    vi.stubEnv("SENDBLUE_API_SECRET_KEY", "");
    const error = await failure(provider.create!(await checked({ type: "receive", url: URL_A })));
    expect(error.message).toContain("pulumi config set --secret sendblue:apiSecretKey");
    expect(error.message).toContain("SENDBLUE_API_SECRET_KEY");
    expect(emulator().requests).toHaveLength(0);
  });

  it("turns rejected credentials into one line with a hint and neither key in it", async () => {
    const wrong = "sbs_wrong_secret_key_value_0002";
    vi.stubEnv("SENDBLUE_API_SECRET_KEY", wrong);
    const error = await failure(provider.create!(await checked({ type: "receive", url: URL_A })));
    expect(error.message).toMatch(
      /^Sendblue get webhooks failed: HTTP 401 "Invalid API credentials"\. Check sendblue:apiKeyId/,
    );
    for (const text of [error.message, error.stack ?? ""]) {
      expect(text).not.toContain(wrong);
      expect(text).not.toContain(SENDBLUE_TEST_KEY_ID);
    }
  });
});

describe("sendblue.Webhook provider › read", () => {
  it("reports the entry's secret as Sendblue has it, and the inputs that reproduce it", async () => {
    const { id, outs } = await provider.create!(
      await checked({ type: "receive", url: URL_A, secret: "one" }),
    );
    emulator().store.remove(ACCOUNT, "receive", [URL_A]);
    emulator().store.append(ACCOUNT, "receive", [{ url: URL_A, secret: "changed-by-hand" }]);
    const read = await provider.read!(id, outs);
    expect(read).toEqual({
      id,
      props: { ...outs, secret: "changed-by-hand" },
      inputs: { ...outs, secret: "changed-by-hand" },
    });
  });

  it("reads a bare string entry as one without secret", async () => {
    const { id, outs } = await provider.create!(await checked({ type: "line_blocked", url: URL_A }));
    expect((await provider.read!(id, outs)).props).toEqual({
      type: "line_blocked",
      url: URL_A,
      adopt: false,
    });
  });

  it("reads an entry removed outside Pulumi as gone", async () => {
    const { id, outs } = await provider.create!(await checked({ type: "line_blocked", url: URL_A }));
    emulator().store.remove(ACCOUNT, "line_blocked", [URL_A]);
    expect(await provider.read!(id, outs)).toEqual({ id: "" });
  });

  it("serves concurrent reads of many entries from one GET of the document", async () => {
    const urls = [1, 2, 3, 4].map((n) => `${URL_A}/${n}`);
    emulator().store.append(ACCOUNT, "receive", urls);
    const reads = await Promise.all(
      urls.map((url) => provider.read!(`receive/${encodeURIComponent(url)}`, {})),
    );
    expect(reads.map((read) => read.props?.url)).toEqual(urls);
    expect(calls()).toEqual([`GET ${PATH}`]);
  });

  it('reads an account that never had webhooks, answered with {status:"OK"} alone, as empty', async () => {
    emulator().faults.add({
      kind: "status",
      status: 200,
      method: "GET",
      body: JSON.stringify({ status: "OK" }),
      contentType: "application/json",
    });
    expect(await provider.read!(`receive/${encodeURIComponent(URL_A)}`, {})).toEqual({ id: "" });
  });

  it("refuses a GET answer that holds no document, instead of taking it for an empty account", async () => {
    emulator().faults.add({
      kind: "status",
      status: 200,
      method: "GET",
      body: "<html><title>Welcome</title></html>",
      contentType: "text/html",
    });
    const error = await failure(provider.read!(`receive/${encodeURIComponent(URL_A)}`, {}));
    expect(error.message).toBe(
      "Sendblue get webhooks failed: HTTP 200 the response holds no readable `webhooks` document",
    );
  });

  it("rejects an id that is not <type>/<url>", async () => {
    expect((await failure(provider.read!("nonsense", {}))).message).toContain(
      '"nonsense" is not a Sendblue webhook id',
    );
  });
});

describe("sendblue.Webhook provider › delete", () => {
  it("removes its url within its type only, confirms, and deleting again succeeds", async () => {
    emulator().store.append(ACCOUNT, "receive", [FOREIGN]);
    emulator().store.append(ACCOUNT, "outbound", [URL_A]);
    const { id, outs } = await provider.create!(await checked({ type: "receive", url: URL_A }));
    emulator().clearRequests();
    await provider.delete!(id, outs);
    expect(calls()).toEqual([`DELETE ${PATH}`, `GET ${PATH}`]);
    expect(writes()).toEqual([["DELETE", { type: "receive", webhooks: [URL_A] }]]);
    expect(document()).toMatchObject({ receive: [FOREIGN], outbound: [URL_A] });
    await provider.delete!(id, outs);
    expect(document()).toMatchObject({ receive: [FOREIGN], outbound: [URL_A] });
  });

  it("deletes again when the first DELETE was swallowed", async () => {
    const { id, outs } = await provider.create!(await checked({ type: "receive", url: URL_A }));
    emulator().loseNextWrites(1);
    await provider.delete!(id, outs);
    expect(emulator().requests.filter((request) => request.method === "DELETE")).toHaveLength(2);
    expect(document().receive).toEqual([]);
  });

  it("takes a 404 to its DELETE as gone once the read-back agrees", async () => {
    emulator().faults.add({
      kind: "status",
      status: 404,
      method: "DELETE",
      body: JSON.stringify({ status: "ERROR", message: "Not found" }),
    });
    await provider.delete!(`receive/${encodeURIComponent(URL_A)}`, {});
    expect(calls()).toEqual([`DELETE ${PATH}`, `GET ${PATH}`]);
  });

  it("never sends PUT", async () => {
    const { id, outs } = await provider.create!(await checked({ type: "receive", url: URL_A, secret: "s1" }));
    await provider.delete!(id, outs);
    expect(emulator().requests.map((request) => request.method)).not.toContain("PUT");
  });
});
