import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { webhookProvider } from "../../provider/converc/provider";
import {
  CONVERC_DEFAULT_ORG,
  CONVERC_TEST_KEY,
  startConvercEmulator,
  verifySignature,
  type ConvercEmulator,
} from "../emulators/converc";
import { failure, initFailure } from "../support/failure";

// The provider called directly, as the host calls it after check, against the emulator.
// A fresh emulator per test also gives a fresh list cache (it is keyed by base URL).
let emulator: ConvercEmulator;
const provider = webhookProvider;
const URL_A = "https://hooks.example.com/converc/a";
const URL_B = "https://hooks.example.com/converc/b";
const HOOKS = "/integrations/webhooks";

beforeEach(async () => {
  emulator = await startConvercEmulator();
  vi.stubEnv("CONVERC_API_KEY", CONVERC_TEST_KEY);
  vi.stubEnv("CONVERC_BASE_URL", emulator.url);
  vi.stubEnv("PULUMI_WEBHOOKS_RETRY_BASE_MS", "1");
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await emulator.close();
});

async function checked(news: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await provider.check!({}, news);
  expect(result.failures).toEqual([]);
  return result.inputs;
}

const calls = () =>
  emulator.requests.map(
    (request) => `${request.method} ${request.path}${request.fault ? ` (${request.fault})` : ""}`,
  );
const writes = () => emulator.requests.filter((request) => request.method !== "GET");
const stored = () => emulator.store.list(CONVERC_DEFAULT_ORG);
const active = () => stored().filter((endpoint) => endpoint.isActive);

/** The next create lands unanswered, and Converc answers nothing after it (not even the look-up) until faults are cleared. */
function quietAfterNextCreate(): void {
  vi.stubEnv("PULUMI_WEBHOOKS_HTTP_TIMEOUT_MS", "200");
  vi.stubEnv("PULUMI_WEBHOOKS_MAX_RETRIES", "1");
  emulator.faults.add({ kind: "stall", method: "POST", path: HOOKS, thenHang: true });
}

describe("converc.Webhook provider › create", () => {
  it("keeps a create Converc went quiet after as an unconfirmed placeholder, which the next up replaces: one endpoint, one secret", async () => {
    const inputs = await checked({ url: URL_A });
    quietAfterNextCreate();
    const error = await initFailure(provider.create!(inputs));
    expect(error.id).toBe("unconfirmed-create");
    expect(error.properties).toEqual(inputs);
    expect(error.message).toMatch(
      /^Converc create webhook failed: no response .* within 200 ms \(PULUMI_WEBHOOKS_HTTP_TIMEOUT_MS\)\. The create may have been applied and could not be confirmed, so the resource is kept in state as unconfirmed-create: the next `pulumi up` removes whatever that attempt made/,
    );
    expect(error.message).not.toContain("pulumi refresh");
    emulator.faults.clear();
    const [unseen] = active();
    expect(active()).toHaveLength(1);

    // Refresh keeps it without asking Converc; the next up replaces it, the placeholder's delete first.
    emulator.clearRequests();
    expect(await provider.read!(error.id, error.properties)).toEqual({
      id: "unconfirmed-create",
      props: inputs,
      inputs,
    });
    expect(await provider.diff!(error.id, error.properties, inputs)).toEqual({
      changes: true,
      replaces: ["events", "url", "verifyDelivery"],
      deleteBeforeReplace: true,
    });
    expect(emulator.requests).toEqual([]);
    await provider.delete!(error.id, error.properties);
    expect(calls()).toEqual([`GET ${HOOKS}`, `DELETE ${HOOKS}/${unseen!.id}`]);
    const { id, outs } = await provider.create!(inputs);
    expect(active().map((endpoint) => endpoint.id)).toEqual([id]);
    expect(outs.secret).toBe(active()[0]!.secret);
  });

  it("leaves an identical endpoint that existed before an unconfirmed create alone when removing what it made", async () => {
    const inputs = await checked({ url: URL_A });
    const { id: before } = await provider.create!(inputs);
    quietAfterNextCreate();
    const error = await initFailure(provider.create!(inputs));
    expect(error.id).toBe(`unconfirmed-create:except=${before}`);
    emulator.faults.clear();
    expect(active()).toHaveLength(2);
    await provider.delete!(error.id, error.properties);
    expect(active().map((endpoint) => endpoint.id)).toEqual([before]);
  });

  it("leaves an identical endpoint made in the same run for another resource alone when removing what an unconfirmed create made", async () => {
    const inputs = await checked({ url: URL_A });
    quietAfterNextCreate();
    const error = await initFailure(provider.create!(inputs));
    emulator.faults.clear();
    const [unseen] = active();
    // The vendor is back; a second resource declared the same way is created in this run.
    const { id: sibling } = await provider.create!(inputs);
    await provider.delete!(error.id, error.properties);
    expect(active().map((endpoint) => endpoint.id)).toEqual([sibling]);
    expect(stored().find((endpoint) => endpoint.id === unseen!.id)?.isActive).toBe(false);
  });

  it("shares one list of what existed before among creates, concurrent or a moment later; its own POSTs do not make it stale", async () => {
    const inputs = await Promise.all(
      [1, 2, 3].map((n) => checked({ url: `${URL_A}/${n}`, events: ["call.ended"] })),
    );
    await Promise.all(inputs.map((input) => provider.create!(input)));
    await provider.create!(await checked({ url: URL_B, events: ["call.ended"] }));
    expect(calls()).toEqual([
      `GET ${HOOKS}`,
      `POST ${HOOKS}`,
      `POST ${HOOKS}`,
      `POST ${HOOKS}`,
      `POST ${HOOKS}`,
    ]);
    expect(active()).toHaveLength(4);
  });

  it("lists, then posts exactly the declared url and events with the bearer key, and returns every output, secret included", async () => {
    const { id, outs } = await provider.create!(
      await checked({ url: URL_A, events: ["call.missed", "call.ended", "call.missed"] }),
    );

    expect(calls()).toEqual([`GET ${HOOKS}`, `POST ${HOOKS}`]);
    const post = emulator.requests[1];
    expect(post?.body).toEqual({ url: URL_A, events: ["call.ended", "call.missed"] });
    expect(post?.headers.authorization).toBe(`Bearer ${CONVERC_TEST_KEY}`);
    expect(post?.headers["idempotency-key"]).toBeUndefined();

    const [endpoint] = stored();
    expect(id).toBe(endpoint?.id);
    expect(outs).toEqual({
      url: URL_A,
      events: ["call.ended", "call.missed"],
      verifyDelivery: false,
      secret: endpoint?.secret,
      active: true,
      createdAt: endpoint?.createdAt,
      updatedAt: endpoint?.updatedAt,
    });
  });

  it("omits events for every event, and reports them as []", async () => {
    const { outs } = await provider.create!(await checked({ url: URL_A }));
    expect(writes()[0]?.body).toEqual({ url: URL_A });
    expect(outs.events).toEqual([]);
  });

  it("after a lost create response, disables the endpoint that POST made (its secret is lost) and posts again: one active endpoint, with a known secret", async () => {
    emulator.faults.add({ kind: "lost", method: "POST", path: HOOKS });
    const { id, outs } = await provider.create!(await checked({ url: URL_A, events: ["call.ended"] }));

    const [orphan, kept] = stored();
    expect(calls()).toEqual([
      `GET ${HOOKS}`,
      `POST ${HOOKS} (lost)`,
      `GET ${HOOKS}`,
      `DELETE ${HOOKS}/${orphan?.id}`,
      `POST ${HOOKS}`,
    ]);
    expect(orphan?.isActive).toBe(false);
    expect(active().map((endpoint) => endpoint.id)).toEqual([id]);
    expect(kept?.id).toBe(id);
    expect(outs.secret).toBe(kept?.secret);
  });

  it("refuses to make a second endpoint beside an identical one the stack does not hold, naming it and adopt", async () => {
    const leftover = emulator.store.insert(CONVERC_DEFAULT_ORG, { url: URL_A, events: ["call.ended"] });
    emulator.clearRequests();
    const error = await failure(provider.create!(await checked({ url: URL_A, events: ["call.ended"] })));
    expect(error.message).toContain(
      `Converc already has an active endpoint for ${URL_A} with call.ended that this run has not seen in the stack's state (${leftover.id}); ` +
        "a `pulumi up` that was " +
        "interrupted after Converc made it may have left it, another resource of this program may declare the same url " +
        "and events (keep only one), or the resource that holds it was renamed (give it the option " +
        '`aliases: [{ name: "<its old name>" }]` and Converc keeps the endpoint as it is)',
    );
    expect(error.message).toContain(`adopt: "${leftover.id}"`);
    expect(emulator.requests.map((request) => request.method)).toEqual(["GET"]);
    expect(active().map((endpoint) => endpoint.id)).toEqual([leftover.id]);
  });

  it("never touches an identical endpoint the stack holds (a replacement's old one), even after a lost answer", async () => {
    const inputs = await checked({ url: URL_A, events: ["call.ended"] });
    const held = emulator.store.insert(CONVERC_DEFAULT_ORG, { url: URL_A, events: ["call.ended"] });
    // The engine diffs a resource before it replaces it: that is how the provider learns the stack holds it.
    await provider.diff!(held.id, { ...inputs, id: held.id }, inputs);
    emulator.faults.add({ kind: "lost", method: "POST", path: HOOKS });
    const { id } = await provider.create!(inputs);

    expect(emulator.store.get(held.id)?.isActive).toBe(true);
    expect(active().map((endpoint) => endpoint.id)).toEqual([held.id, id]);
  });

  it("never mistakes a concurrent create of the same endpoint for its own lost one", async () => {
    emulator.faults.add({ kind: "lost", method: "POST", path: HOOKS });
    const inputs = await checked({ url: URL_A, events: ["call.ended"] });
    const results = await Promise.all([provider.create!(inputs), provider.create!(inputs)]);

    const ids = results.map((result) => result.id);
    expect(new Set(ids).size).toBe(2);
    expect(
      active()
        .map((endpoint) => endpoint.id)
        .sort(),
    ).toEqual([...ids].sort());
    for (const { id, outs } of results) expect(outs.secret).toBe(emulator.store.get(id)?.secret);
    expect(stored().filter((endpoint) => !endpoint.isActive)).toHaveLength(1);
  });

  it("posts again without disabling anything when the failed POST was not applied", async () => {
    emulator.faults.add({
      kind: "status",
      status: 500,
      method: "POST",
      path: HOOKS,
      body: '{"error":"Internal error"}',
    });
    const { id } = await provider.create!(await checked({ url: URL_A, events: ["call.ended"] }));
    expect(calls()).toEqual([`GET ${HOOKS}`, `POST ${HOOKS} (status)`, `GET ${HOOKS}`, `POST ${HOOKS}`]);
    expect(stored().map((endpoint) => endpoint.id)).toEqual([id]);
  });

  it("gives up after three ambiguous attempts, leaving no active endpoint behind", async () => {
    emulator.faults.add({ kind: "lost", method: "POST", path: HOOKS, times: Infinity });
    const error = await failure(provider.create!(await checked({ url: URL_A, events: ["call.ended"] })));
    expect(error.message).toMatch(
      /^Converc create webhook failed: could not reach http:\/\/127\.0\.0\.1:\d+: \w+\. No answer to 3 attempts; every endpoint they made that Converc listed was disabled: run `pulumi up` again$/,
    );
    expect(emulator.requests.filter((request) => request.method === "POST")).toHaveLength(3);
    expect(stored()).toHaveLength(3);
    expect(active()).toEqual([]);
  });

  it("under seeded random faults (resets, 5xx, 429, lost responses) leaves exactly one active endpoint per successful create, and none for a failed one", async () => {
    emulator.faults.setProfile({ transientRate: 0.25, lostRate: 0.25, latencyMs: 0, seed: 20261123 });
    const outcomes: Array<{ url: string; id?: string; secret?: unknown }> = [];
    for (let n = 0; n < 12; n++) {
      const url = `${URL_A}/${n}`;
      const result = await provider.create!(await checked({ url, events: ["call.ended"] })).catch(
        () => undefined,
      );
      outcomes.push({ url, id: result?.id, secret: result?.outs.secret });
    }
    emulator.faults.clear();

    expect(emulator.faults.counts.lost).toBeGreaterThan(0);
    for (const { url, id, secret } of outcomes) {
      const live = active().filter((endpoint) => endpoint.url === url);
      expect(live.map((endpoint) => [endpoint.id, endpoint.secret])).toEqual(
        id === undefined ? [] : [[id, secret]],
      );
    }
    expect(outcomes.filter((outcome) => outcome.id !== undefined).length).toBeGreaterThan(6);
  });

  it("treats a create cut off by the timeout as maybe applied: looks, then posts again, making one endpoint", async () => {
    vi.stubEnv("PULUMI_WEBHOOKS_HTTP_TIMEOUT_MS", "300");
    emulator.faults.add({ kind: "hang", method: "POST", path: HOOKS });
    const { id } = await provider.create!(await checked({ url: URL_A, events: ["call.ended"] }));
    expect(calls()).toEqual([`GET ${HOOKS}`, `POST ${HOOKS} (hang)`, `GET ${HOOKS}`, `POST ${HOOKS}`]);
    expect(active().map((endpoint) => endpoint.id)).toEqual([id]);
  });

  it("retries a 429 (nothing was applied) after Retry-After", async () => {
    emulator.faults.add({
      kind: "status",
      status: 429,
      retryAfter: 0,
      method: "POST",
      path: HOOKS,
      body: '{"error":"Too many requests"}',
    });
    await provider.create!(await checked({ url: URL_A, events: ["call.ended"] }));
    expect(
      emulator.requests.filter((request) => request.method === "POST").map((request) => request.status),
    ).toEqual([429, 201]);
    expect(stored()).toHaveLength(1);
  });

  it("does not retry a validation error, and says what Converc said in one line", async () => {
    emulator.faults.add({
      kind: "status",
      status: 400,
      method: "POST",
      path: HOOKS,
      body: '{"error":"Unknown event type: call.ended"}',
    });
    const error = await failure(provider.create!(await checked({ url: URL_A, events: ["call.ended"] })));
    expect(error.message).toBe('Converc create webhook failed: HTTP 400 "Unknown event type: call.ended"');
    expect(emulator.requests.filter((request) => request.method === "POST")).toHaveLength(1);
  });

  it("names the config key and the variable when the API key is missing, and sends nothing", async () => {
    vi.stubEnv("CONVERC_API_KEY", "");
    const error = await failure(provider.create!(await checked({ url: URL_A })));
    expect(error.message).toContain("pulumi config set --secret converc:apiKey");
    expect(error.message).toContain("CONVERC_API_KEY");
    expect(emulator.requests).toHaveLength(0);
  });

  it("turns a rejected key into one line with a hint and no key in it", async () => {
    const wrongKey = "cvk_live_this_key_is_not_known_0001";
    vi.stubEnv("CONVERC_API_KEY", wrongKey);
    const error = await failure(provider.create!(await checked({ url: URL_A })));
    expect(error.message).toMatch(
      /^Converc list webhooks failed: HTTP 401 "Unauthorized"\. Check converc:apiKey \/ CONVERC_API_KEY/,
    );
    expect(error.message).not.toContain(wrongKey);
    expect(error.stack).not.toContain(wrongKey);
  });

  it("refuses a plain-http base URL that is not loopback, before any request", async () => {
    vi.stubEnv("CONVERC_BASE_URL", "http://api.converc.example");
    const error = await failure(provider.create!(await checked({ url: URL_A })));
    expect(error.message).toContain("converc:baseUrl / CONVERC_BASE_URL");
  });
});

describe("converc.Webhook provider › verifyDelivery", () => {
  it("sends Converc's test event after create, signed with the secret it returns", async () => {
    const { id, outs } = await provider.create!(
      await checked({ url: URL_A, events: ["call.ended"], verifyDelivery: true }),
    );
    expect(calls().slice(-1)).toEqual([`POST ${HOOKS}/test`]);
    expect(emulator.requests.at(-1)?.body).toEqual({ webhookId: id });
    const [delivery] = emulator.deliveries;
    expect(
      verifySignature(
        outs.secret as string,
        delivery?.headers["x-ic-signature"],
        delivery!.body,
        Date.now() / 1000,
      ),
    ).toBe(true);
    expect(outs.verifyDelivery).toBe(true);
  });

  it("fails with the receiver's status and Converc's error as a partial failure that keeps the endpoint and its secret", async () => {
    emulator.setReceiver(URL_A, { status: 503 });
    const error = await failure(
      provider.create!(await checked({ url: URL_A, events: ["call.ended"], verifyDelivery: true })),
    );
    const [endpoint] = stored();

    expect(error.name).toBe("ResourceInitError");
    expect(error.id).toBe(endpoint?.id);
    expect(error.properties).toMatchObject({
      url: URL_A,
      events: ["call.ended"],
      active: true,
      secret: endpoint?.secret,
    });
    expect(error.message).toBe(
      `Converc test delivery failed: the receiver ${URL_A} answered HTTP 503: Receiver responded with HTTP 503. Endpoint ${endpoint?.id} was created and is kept; make the receiver accept Converc's webhook.test event and run \`pulumi up\` again to re-send it, or set verifyDelivery to false`,
    );
    expect(error.message).not.toContain(endpoint!.secret);
    expect(endpoint?.isActive).toBe(true);
  });

  it("reports a receiver that cannot be reached", async () => {
    emulator.setReceiver(URL_A, { error: "connect ECONNREFUSED 10.0.0.1:443" });
    const error = await failure(provider.create!(await checked({ url: URL_A, verifyDelivery: true })));
    expect(error.message).toContain(
      `the receiver ${URL_A} did not answer: connect ECONNREFUSED 10.0.0.1:443`,
    );
  });

  it("re-sends the test when the engine retries the half-made resource, and succeeds once the receiver is fixed", async () => {
    emulator.setReceiver(URL_A, { status: 500 });
    const inputs = await checked({ url: URL_A, verifyDelivery: true });
    const error = await initFailure(provider.create!(inputs));
    const id = error.id as string;
    const partial = error.properties as Record<string, unknown>;

    const again = await failure(provider.update!(id, partial, inputs));
    expect(again.name).toBe("ResourceInitError");

    emulator.setReceiver(URL_A, { status: 204 });
    const { outs } = await provider.update!(id, partial, inputs);
    expect(outs).toEqual(partial);
    expect(emulator.requests.filter((request) => request.path === `${HOOKS}/test`)).toHaveLength(3);
    expect(stored()).toHaveLength(1);
  });

  it("sends nothing in an update when verifyDelivery is off", async () => {
    const inputs = await checked({ url: URL_A });
    const { id, outs } = await provider.create!(inputs);
    emulator.clearRequests();
    expect((await provider.update!(id, outs, inputs)).outs).toEqual(outs);
    expect(emulator.requests).toEqual([]);
  });
});

describe("converc.Webhook provider › read", () => {
  it("reads through the list call, keeping the secret from create and returning the inputs that reproduce it", async () => {
    const { id, outs } = await provider.create!(await checked({ url: URL_A, events: ["call.ended"] }));
    emulator.store.update(id, { url: URL_B, events: ["call.ended", "call.accepted"] });
    emulator.clearRequests();

    const read = await provider.read!(id, outs);
    expect(calls()).toEqual([`GET ${HOOKS}`]);
    expect(read.props).toEqual({
      ...outs,
      url: URL_B,
      events: ["call.accepted", "call.ended"],
      updatedAt: emulator.store.get(id)?.updatedAt,
    });
    expect(read.inputs).toEqual({
      url: URL_B,
      events: ["call.accepted", "call.ended"],
      verifyDelivery: false,
    });
  });

  it("reads an endpoint disabled out of band as gone", async () => {
    const { id, outs } = await provider.create!(await checked({ url: URL_A }));
    emulator.store.disable(id);
    expect(await provider.read!(id, outs)).toEqual({ id: "" });
  });

  it("reads an endpoint missing from the list as gone", async () => {
    const { id, outs } = await provider.create!(await checked({ url: URL_A }));
    emulator.store.remove(id);
    expect(await provider.read!(id, outs)).toEqual({ id: "" });
  });

  it("serves concurrent reads of many endpoints from one list request, never a get-by-id", async () => {
    const ids = [1, 2, 3, 4, 5].map(
      (n) => emulator.store.insert(CONVERC_DEFAULT_ORG, { url: `${URL_A}/${n}` }).id,
    );
    const reads = await Promise.all(ids.map((id) => provider.read!(id, {})));
    expect(reads.map((read) => read.id)).toEqual(ids);
    expect(calls()).toEqual([`GET ${HOOKS}`]);
  });

  it("reads the whole catalogue as [] only for an endpoint state knows as 'every event'; otherwise as the list it is", async () => {
    const all = [
      "call.requested",
      "call.accepted",
      "call.canceled",
      "call.missed",
      "call.ended",
      "call.transcript_ready",
      "call.recording_ready",
    ];
    const endpoint = emulator.store.insert(CONVERC_DEFAULT_ORG, { url: URL_A, events: all });
    expect((await provider.read!(endpoint.id, { events: [] })).props?.events).toEqual([]);
    expect((await provider.read!(endpoint.id, { events: [...all].sort() })).props?.events).toEqual(
      [...all].sort(),
    );
  });
});

describe("converc.Webhook provider › replace and delete", () => {
  it("replaces as the engine does (create the new one, then disable the old): a new id and a new secret", async () => {
    const first = await provider.create!(await checked({ url: URL_A, events: ["call.ended"] }));
    const news = await checked({ url: URL_B, events: ["call.ended"] });
    expect(await provider.diff!(first.id, first.outs, news)).toEqual({
      changes: true,
      replaces: ["url"],
      deleteBeforeReplace: false,
    });

    const second = await provider.create!(news);
    expect(active()).toHaveLength(2); // no delivery gap
    await provider.delete!(first.id, first.outs);

    expect(second.id).not.toBe(first.id);
    expect(second.outs.secret).not.toBe(first.outs.secret);
    expect(active().map((endpoint) => [endpoint.id, endpoint.url])).toEqual([[second.id, URL_B]]);
    expect(emulator.store.get(first.id)?.isActive).toBe(false);
  });

  it("disables on delete; a repeat and an unknown id both succeed", async () => {
    const { id, outs } = await provider.create!(await checked({ url: URL_A }));
    await provider.delete!(id, outs);
    await provider.delete!(id, outs);
    emulator.store.remove(id);
    await provider.delete!(id, outs);
    expect(
      emulator.requests.filter((request) => request.method === "DELETE").map((request) => request.status),
    ).toEqual([200, 200, 404]);
  });
});

describe("converc.Webhook provider › adopt", () => {
  it("adopts an active endpoint with the same url and events without writing anything; the secret stays unset", async () => {
    const existing = emulator.store.insert(CONVERC_DEFAULT_ORG, {
      url: URL_A,
      events: ["call.missed", "call.ended"],
    });
    const { id, outs } = await provider.create!(
      await checked({
        url: URL_A,
        events: ["call.ended", "call.missed"],
        adopt: existing.id,
        verifyDelivery: true,
      }),
    );

    expect(id).toBe(existing.id);
    expect(writes()).toEqual([]);
    expect(outs).toEqual({
      url: URL_A,
      events: ["call.ended", "call.missed"],
      verifyDelivery: true,
      adopt: existing.id,
      active: true,
      createdAt: existing.createdAt,
      updatedAt: existing.updatedAt,
    });
    expect(JSON.stringify(outs)).not.toContain(existing.secret);

    const read = await provider.read!(id, outs);
    expect(read.props).toEqual(outs);
    expect(read.inputs).toEqual({
      url: URL_A,
      events: ["call.ended", "call.missed"],
      verifyDelivery: true,
      adopt: existing.id,
    });
  });

  it("when a replacement still declares adopt, takes the endpoint over again and the delete of the replaced resource leaves it active", async () => {
    const existing = emulator.store.insert(CONVERC_DEFAULT_ORG, { url: URL_A, events: ["call.ended"] });
    const inputs = await checked({ url: URL_A, events: ["call.ended"], adopt: existing.id });
    const first = await provider.create!(inputs);
    // `pulumi up --replace`, or a rename without an alias: create the new resource, then delete the old one.
    const second = await provider.create!(inputs);
    await provider.delete!(first.id, first.outs);

    expect(second.id).toBe(existing.id);
    expect(writes()).toEqual([]);
    expect(emulator.store.get(existing.id)?.isActive).toBe(true);
  });

  it.each([
    ["a missing endpoint", () => "3f1c2b8e-0000-4000-8000-00000000dead", /no such endpoint for this API key/],
    [
      "a disabled endpoint",
      () =>
        emulator.store.insert(CONVERC_DEFAULT_ORG, { url: URL_A, events: ["call.ended"], isActive: false })
          .id,
      /it is disabled and Converc cannot re-enable an endpoint/,
    ],
    [
      "an endpoint with other events",
      () => emulator.store.insert(CONVERC_DEFAULT_ORG, { url: URL_A, events: ["call.missed"] }).id,
      new RegExp(
        `it has url ${URL_A} and events call\\.missed, and Converc cannot change an endpoint in place`,
      ),
    ],
    [
      "an endpoint with another url",
      () => emulator.store.insert(CONVERC_DEFAULT_ORG, { url: URL_B, events: ["call.ended"] }).id,
      /it has url .*\/b and events call\.ended/,
    ],
  ])("refuses %s, says why, and writes nothing", async (_name, makeId, reason) => {
    const id = makeId();
    const error = await failure(
      provider.create!(await checked({ url: URL_A, events: ["call.ended"], adopt: id })),
    );
    expect(error.message).toContain(`cannot adopt webhook ${id}`);
    expect(error.message).toMatch(reason);
    expect(writes()).toEqual([]);
  });
});
