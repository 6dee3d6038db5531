import { describe, expect, it } from "vitest";
import { webhookConfigurationProvider } from "../../provider/sendblue/provider";
import { emptyDocument, SENDBLUE_TEST_SECRET_KEY } from "../emulators/sendblue";
import { ACCOUNT, checkedBy, failure, PATH, useSendblueEmulator } from "./context";

// The provider called directly, as the host calls it after check, against the emulator.
const provider = webhookConfigurationProvider;
const { current: emulator, calls, writes, document } = useSendblueEmulator();
const checked = (news: Record<string, unknown>) => checkedBy(provider, news);
const URL_A = "https://hooks.example.com/sendblue/a";
const URL_B = "https://hooks.example.com/sendblue/b";
const HAND_MADE = "https://hand-made.example.com/hook";
const EMPTY_WIRE = { receive: [], outbound: [], typing_indicator: [], call_log: [], line_blocked: [], line_assigned: [], contact_created: [] };

const declared = {
  receive: [URL_B, { url: URL_A, secret: "entry-secret" }],
  callLog: [URL_A],
  contactCreated: [URL_B],
  globalSecret: "global-secret-1",
};

describe("sendblue.WebhookConfiguration provider › create", () => {
  it("writes the whole document with one PUT on an empty account and confirms it", async () => {
    const inputs = await checked(declared);
    const { id, outs } = await provider.create!(inputs);
    expect(calls()).toEqual([`GET ${PATH}`, `PUT ${PATH}`, `GET ${PATH}`]);
    expect(writes()).toEqual([
      ["PUT", { webhooks: { ...EMPTY_WIRE, receive: [{ url: URL_A, secret: "entry-secret" }, URL_B], call_log: [URL_A], contact_created: [URL_B], globalSecret: "global-secret-1" } }],
    ]);
    expect(id).toBe("account");
    expect(outs).toEqual(inputs);
    expect(document()).toEqual({ ...emptyDocument(), receive: [{ url: URL_A, secret: "entry-secret" }, URL_B], call_log: [URL_A], contact_created: [URL_B], globalSecret: "global-secret-1" });
  });

  it("refuses to replace a configuration nobody declared unless adopt is set, and names no secret", async () => {
    emulator().store.replace(ACCOUNT, { receive: [{ url: HAND_MADE, secret: "hand-secret" }], outbound: [HAND_MADE], globalSecret: "their-global" });
    const error = await failure(provider.create!(await checked(declared)));
    expect(error.message).toBe(
      "Sendblue create webhook configuration failed: the account's webhook configuration is not empty (1 receive, 1 outbound, a globalSecret), and this resource would replace all of it. declare those entries and set `adopt: true` to take the configuration over, or manage single entries with sendblue.Webhook instead",
    );
    expect(writes()).toEqual([]);

    await provider.create!(await checked({ ...declared, adopt: true }));
    expect(document()).toMatchObject({ receive: [{ url: URL_A, secret: "entry-secret" }, URL_B], outbound: [], globalSecret: "global-secret-1" });
  });

  it("takes over a configuration that already is the declared one without a write", async () => {
    emulator().store.replace(ACCOUNT, { receive: [URL_B, { url: URL_A, secret: "entry-secret" }], call_log: [{ url: URL_A }], contact_created: [URL_B], globalSecret: "global-secret-1" });
    await provider.create!(await checked(declared));
    expect(writes()).toEqual([]);
  });

  it("keeps the configuration in state as a partial failure when the read-back after an accepted PUT fails", async () => {
    emulator().onWrite(() => emulator().faults.add({ kind: "status", status: 500, method: "GET", times: 1 }));
    const inputs = await checked(declared);
    const error = await failure(provider.create!(inputs));
    expect(error.name).toBe("ResourceInitError");
    expect(error.id).toBe("account");
    expect(error.properties).toEqual(inputs);
    expect(error.message).not.toContain("global-secret-1");
  });

  it("also keeps it in state when the PUT landed but its answer never came, and the read-back fails", async () => {
    // Otherwise the engine forgets a configuration the account now holds: destroy would leave it all behind, and
    // the next up of a changed program would refuse the account as "not empty".
    emulator().faults.add({ kind: "lost", method: "PUT", times: Infinity });
    emulator().onWrite(() => emulator().faults.add({ kind: "status", status: 500, method: "GET", times: Infinity }));
    const inputs = await checked(declared);
    const error = await failure(provider.create!(inputs));
    expect(document().globalSecret).toBe("global-secret-1");
    expect(error.name).toBe("ResourceInitError");
    expect(error.id).toBe("account");
    expect(error.properties).toEqual(inputs);
    expect(error.message).not.toContain("global-secret-1");
  });

  it("writes again when the PUT was swallowed, and removes a legacy secret no input declares", async () => {
    emulator().store.replace(ACCOUNT, { secret: "legacy-secret" });
    emulator().loseNextWrites(1);
    await provider.create!(await checked({ receive: [URL_A], adopt: true }));
    expect(emulator().requests.filter((request) => request.method === "PUT")).toHaveLength(2);
    expect(document()).toEqual({ ...emptyDocument(), receive: [URL_A] });
  });
});

describe("sendblue.WebhookConfiguration provider › read, update, delete", () => {
  it("shows an entry added by hand and a changed globalSecret as drift", async () => {
    const { id, outs } = await provider.create!(await checked(declared));
    emulator().store.append(ACCOUNT, "receive", [HAND_MADE]);
    emulator().store.setGlobalSecret(ACCOUNT, "rotated-by-hand");
    const read = await provider.read!(id, outs);
    const expected = { ...outs, receive: [HAND_MADE, { url: URL_A, secret: "entry-secret" }, URL_B], globalSecret: "rotated-by-hand" };
    expect(read).toEqual({ id, props: expected, inputs: expected });
    expect((await provider.diff!(id, read.props!, outs)).changes).toBe(true);
  });

  it("shows an entry duplicated by hand as drift (Sendblue delivers to each copy), and update removes the copy", async () => {
    const { id, outs } = await provider.create!(await checked(declared));
    emulator().store.append(ACCOUNT, "call_log", [URL_A]);
    const read = await provider.read!(id, outs);
    expect(read.props?.callLog).toEqual([URL_A, URL_A]);
    expect((await provider.diff!(id, read.props!, outs)).changes).toBe(true);
    await provider.update!(id, read.props!, outs);
    expect(document().call_log).toEqual([URL_A]);
  });

  it("reads a configuration emptied by hand as empty lists, not as gone", async () => {
    const { id, outs } = await provider.create!(await checked(declared));
    emulator().store.replace(ACCOUNT, {});
    const read = await provider.read!(id, outs);
    expect(read.id).toBe("account");
    expect(read.props).toEqual({ receive: [], outbound: [], typingIndicator: [], callLog: [], lineBlocked: [], lineAssigned: [], contactCreated: [], adopt: false });
  });

  it("updates with one PUT of the new document, removing a hand-made entry and an unset globalSecret", async () => {
    const { id, outs } = await provider.create!(await checked(declared));
    emulator().store.append(ACCOUNT, "outbound", [HAND_MADE]);
    emulator().clearRequests();
    const news = await checked({ receive: [URL_A], typingIndicator: [{ url: URL_B, secret: "typing" }] });
    const { outs: updated } = await provider.update!(id, outs, news);
    expect(writes()).toEqual([["PUT", { webhooks: { ...EMPTY_WIRE, receive: [URL_A], typing_indicator: [{ url: URL_B, secret: "typing" }] } }]]);
    expect(updated).toEqual(news);
    expect(document()).toEqual({ ...emptyDocument(), receive: [URL_A], typing_indicator: [{ url: URL_B, secret: "typing" }] });
  });

  it("delete empties the document", async () => {
    const { id, outs } = await provider.create!(await checked(declared));
    emulator().clearRequests();
    await provider.delete!(id, outs);
    expect(writes()).toEqual([["PUT", { webhooks: EMPTY_WIRE }]]);
    expect(document()).toEqual(emptyDocument());
    emulator().clearRequests();
    await provider.delete!(id, outs);
    expect(writes()).toEqual([]);
  });

  it("keeps every secret out of a failure's message", async () => {
    const { id, outs } = await provider.create!(await checked(declared));
    emulator().loseNextWrites(10);
    const error = await failure(provider.update!(id, outs, await checked({ ...declared, globalSecret: "global-secret-2" })));
    expect(error.message).toMatch(/^Sendblue update webhook configuration failed: Sendblue did not keep the change to the webhook configuration after 3 writes/);
    for (const secret of ["entry-secret", "global-secret-1", "global-secret-2", SENDBLUE_TEST_SECRET_KEY]) expect(error.message).not.toContain(secret);
  });
});
