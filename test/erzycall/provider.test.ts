import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { webhookProvider } from "../../provider/erzycall/provider";
import {
  ERZYCALL_DEFAULT_ORG,
  ERZYCALL_TEST_KEY,
  startErzycallEmulator,
  type ErzycallEmulator,
} from "../emulators/erzycall";
import { failure } from "../support/failure";

// The provider called directly, as the host calls it after check, against the emulator.
// A fresh emulator per test also gives a fresh list cache (it is keyed by base URL).
let emulator: ErzycallEmulator;
const provider = webhookProvider;
const URL_A = "https://hooks.example.com/erzycall/a";
const URL_B = "https://hooks.example.com/erzycall/b";
/** What the SDK sends as the hidden `__identity` input. */
const IDENTITY = "shop\nprod\nerzycall:Webhook\norders";

beforeEach(async () => {
  emulator = await startErzycallEmulator();
  vi.stubEnv("ERZYCALL_API_KEY", ERZYCALL_TEST_KEY);
  vi.stubEnv("ERZYCALL_BASE_URL", emulator.url);
  vi.stubEnv("PULUMI_WEBHOOKS_RETRY_BASE_MS", "1");
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await emulator.close();
});

/** Inputs as check returns them. */
async function checked(news: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await provider.check!({}, news);
  expect(result.failures).toEqual([]);
  return result.inputs;
}

const writes = () => emulator.requests.filter((request) => request.method !== "GET");
const stored = () => emulator.store.list(ERZYCALL_DEFAULT_ORG);

describe("erzycall.Webhook provider › create", () => {
  it("posts exactly the declared fields with an Idempotency-Key and returns every output, secret included", async () => {
    const inputs = await checked({
      url: URL_A,
      events: ["call.ended", "call.started", "call.ended"],
      description: "CRM sync",
    });
    const { id, outs } = await provider.create!(inputs);

    expect(writes()).toHaveLength(1);
    const [post] = writes();
    expect(post).toMatchObject({
      method: "POST",
      path: "/api/v1/webhooks",
      body: { url: URL_A, events: ["call.ended", "call.started"], description: "CRM sync" },
    });
    expect(post?.headers["x-api-key"]).toBe(ERZYCALL_TEST_KEY);
    expect(post?.headers["idempotency-key"]).toMatch(/^pulumi-webhooks-[0-9a-f-]{36}$/);

    const [endpoint] = stored();
    expect(id).toBe(endpoint?.id);
    expect(outs).toEqual({
      url: URL_A,
      events: ["call.ended", "call.started"],
      description: "CRM sync",
      active: true,
      secret: endpoint?.secret,
      createdAt: endpoint?.createdAt,
    });
  });

  it("creates an inactive endpoint with a PATCH after the POST, since create has no isActive", async () => {
    const { outs } = await provider.create!(
      await checked({ url: URL_A, events: ["call.ended"], active: false }),
    );
    expect(writes().map((request) => [request.method, request.body])).toEqual([
      ["POST", { url: URL_A, events: ["call.ended"] }],
      ["PATCH", { isActive: false }],
    ]);
    expect(stored()[0]?.isActive).toBe(false);
    expect(outs.active).toBe(false);
  });

  it("reports the created endpoint as a partial failure when deactivating it fails, so it is not orphaned", async () => {
    emulator.faults.add({ kind: "status", status: 500, method: "PATCH", times: Infinity });
    const error = await failure(
      provider.create!(await checked({ url: URL_A, events: ["call.ended"], active: false })),
    );
    const [endpoint] = stored();
    expect(error.name).toBe("ResourceInitError");
    expect(error.id).toBe(endpoint?.id);
    expect(error.properties).toMatchObject({ url: URL_A, active: true, secret: endpoint?.secret });
    expect(error.message).toMatch(/^Erzycall update webhook failed: HTTP 500/);
  });

  it("replays a create whose response was lost instead of creating a second endpoint", async () => {
    emulator.faults.add({ kind: "lost", method: "POST", path: "/api/v1/webhooks" });
    const { id, outs } = await provider.create!(await checked({ url: URL_A, events: ["call.ended"] }));

    const posts = emulator.requests.filter((request) => request.method === "POST");
    expect(posts).toHaveLength(2);
    expect(posts[0]?.fault).toBe("lost");
    expect(posts[1]?.headers["idempotency-key"]).toBe(posts[0]?.headers["idempotency-key"]);
    expect(stored().map((endpoint) => endpoint.id)).toEqual([id]);
    expect(outs.secret).toBe(stored()[0]?.secret);
  });

  it("replays a create repeated by a later run (its first answer lost) instead of making a second endpoint", async () => {
    const inputs = await checked({ url: URL_A, events: ["call.ended"] });
    const first = await provider.create!({ ...inputs, __identity: IDENTITY });
    // The engine never learned of `first`; the next `pulumi up` creates the same resource again.
    const again = await provider.create!({ ...inputs, __identity: IDENTITY });
    expect(again).toEqual(first);
    expect(stored()).toHaveLength(1);
    const keys = writes().map((request) => request.headers["idempotency-key"]);
    expect(keys[1]).toBe(keys[0]);
  });

  it("creates anew when the key replays an endpoint deleted since (destroy, then up within a day)", async () => {
    await emulator.close();
    let clock = Date.now();
    emulator = await startErzycallEmulator({ now: () => clock });
    vi.stubEnv("ERZYCALL_BASE_URL", emulator.url);
    const inputs = { ...(await checked({ url: URL_A, events: ["call.ended"] })), __identity: IDENTITY };
    const first = await provider.create!(inputs);
    await provider.delete!(first.id, first.outs);
    clock += 10 * 60_000;

    const second = await provider.create!(inputs);
    expect(second.id).not.toBe(first.id);
    expect(stored().map((endpoint) => endpoint.id)).toEqual([second.id]);
    expect(second.outs.secret).toBe(stored()[0]?.secret);
    const posts = emulator.requests.filter((request) => request.method === "POST");
    expect(posts).toHaveLength(3);
    expect(posts[1]?.headers["idempotency-key"]).toBe(posts[0]?.headers["idempotency-key"]);
    expect(posts[2]?.headers["idempotency-key"]).not.toBe(posts[0]?.headers["idempotency-key"]);
  });

  it("explains the 5-endpoint cap, counting dashboard-made endpoints, and suggests adopt", async () => {
    for (let n = 0; n < 5; n++)
      emulator.store.insert(ERZYCALL_DEFAULT_ORG, {
        url: `https://dashboard.example.com/${n}`,
        events: ["call.ended"],
      });
    const error = await failure(provider.create!(await checked({ url: URL_A, events: ["call.ended"] })));
    expect(error.message).toMatch(
      /^Erzycall create webhook failed: HTTP 422 MAX_ENDPOINTS "Maximum of 5 webhook endpoints per organization reached"\. .*delete one, or take an existing one over with `adopt`$/,
    );
    expect(error.message).not.toContain(ERZYCALL_TEST_KEY);
    expect(stored()).toHaveLength(5);
  });

  it("names the config key and the variable when the API key is missing, and sends nothing", async () => {
    vi.stubEnv("ERZYCALL_API_KEY", "");
    const error = await failure(provider.create!(await checked({ url: URL_A, events: ["call.ended"] })));
    expect(error.message).toContain("pulumi config set --secret erzycall:apiKey");
    expect(error.message).toContain("ERZYCALL_API_KEY");
    expect(emulator.requests).toHaveLength(0);
  });

  it("turns a rejected key into one line with a hint and no key in it", async () => {
    const wrongKey = "ek_live_this_key_is_not_known_0001";
    vi.stubEnv("ERZYCALL_API_KEY", wrongKey);
    const error = await failure(provider.create!(await checked({ url: URL_A, events: ["call.ended"] })));
    expect(error.message).toMatch(/^Erzycall create webhook failed: HTTP 401 /);
    expect(error.message).toContain("Check erzycall:apiKey / ERZYCALL_API_KEY");
    expect(error.message).not.toContain(wrongKey);
    expect(error.stack).not.toContain(wrongKey);
  });
});

describe("erzycall.Webhook provider › read", () => {
  it("reports drift made in the dashboard as props and as the inputs that reproduce it", async () => {
    const { id, outs } = await provider.create!(
      await checked({ url: URL_A, events: ["call.ended"], secretVersion: "1" }),
    );
    emulator.store.update(id, {
      url: URL_B,
      events: ["contact.created", "call.ended"],
      description: "edited by hand",
    });

    const read = await provider.read!(id, outs);
    expect(read.props).toEqual({
      ...outs,
      url: URL_B,
      events: ["call.ended", "contact.created"],
      description: "edited by hand",
    });
    expect(read.inputs).toEqual({
      url: URL_B,
      events: ["call.ended", "contact.created"],
      description: "edited by hand",
      active: true,
      secretVersion: "1",
    });
    // The secret cannot be listed; the one from create is kept.
    expect(read.props?.secret).toBe(outs.secret);
  });

  it("reads an endpoint deleted out of band as gone", async () => {
    const { id, outs } = await provider.create!(await checked({ url: URL_A, events: ["call.ended"] }));
    emulator.store.delete(id);
    expect(await provider.read!(id, outs)).toEqual({ id: "" });
  });

  it("serves concurrent reads of many endpoints from one list request", async () => {
    const ids = [1, 2, 3, 4].map(
      (n) => emulator.store.insert(ERZYCALL_DEFAULT_ORG, { url: `${URL_A}/${n}`, events: ["call.ended"] }).id,
    );
    const reads = await Promise.all(ids.map((id) => provider.read!(id, {})));
    expect(reads.map((read) => read.id)).toEqual(ids);
    expect(emulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "GET /api/v1/webhooks",
    ]);
  });

  it("never serves a read after an update the list a read took while the update was on its way", async () => {
    const { id, outs } = await provider.create!(
      await checked({ url: URL_A, events: ["call.ended"], description: "one" }),
    );
    const hold = emulator.holdWrites();
    const news = await checked({ url: URL_A, events: ["call.ended"], description: "two" });
    const update = provider.update!(id, outs, news);
    await vi.waitFor(() => expect(hold.waiting).toBe(1));
    // While the PATCH waits at Erzycall, a read lists the endpoint as it still is.
    expect((await provider.read!(id, outs)).props).toMatchObject({ description: "one" });
    hold.release();
    await update;
    expect((await provider.read!(id, outs)).props).toMatchObject({ description: "two" });
  });
});

describe("erzycall.Webhook provider › update", () => {
  it("patches only the fields that changed", async () => {
    const { id, outs } = await provider.create!(
      await checked({ url: URL_A, events: ["call.ended"], description: "one" }),
    );
    emulator.clearRequests();
    const news = await checked({ url: URL_A, events: ["call.ended", "call.failed"], description: "one" });
    const { outs: updated } = await provider.update!(id, outs, news);

    expect(emulator.requests.map((request) => [request.method, request.path, request.body])).toEqual([
      ["PATCH", `/api/v1/webhooks/${id}`, { events: ["call.ended", "call.failed"] }],
    ]);
    expect(updated).toEqual({ ...outs, events: ["call.ended", "call.failed"] });
  });

  it('clears a removed description with the documented string type: "", never null', async () => {
    const { id, outs } = await provider.create!(
      await checked({ url: URL_A, events: ["call.ended"], description: "one" }),
    );
    emulator.clearRequests();
    const { outs: updated } = await provider.update!(
      id,
      outs,
      await checked({ url: URL_A, events: ["call.ended"] }),
    );
    expect(emulator.requests[0]?.body).toEqual({ description: "" });
    expect(updated.description).toBeUndefined();
    expect(stored()[0]?.description).toBeNull();
  });

  it("rotates the signing secret in place when secretVersion changes", async () => {
    const { id, outs } = await provider.create!(
      await checked({ url: URL_A, events: ["call.ended"], secretVersion: 1 }),
    );
    emulator.clearRequests();
    const { outs: rotated } = await provider.update!(
      id,
      outs,
      await checked({ url: URL_A, events: ["call.ended"], secretVersion: 2 }),
    );

    expect(emulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST /api/v1/webhooks/${id}/rotate-secret`,
    ]);
    expect(rotated.secret).toBe(stored()[0]?.secret);
    expect(rotated.secret).not.toBe(outs.secret);
    expect(rotated.secretVersion).toBe("2");
  });

  it("keeps the old secretVersion in a partial failure when the rotation fails after the PATCH landed", async () => {
    const { id, outs } = await provider.create!(
      await checked({ url: URL_A, events: ["call.ended"], secretVersion: "1" }),
    );
    emulator.faults.add({
      kind: "status",
      status: 500,
      method: "POST",
      path: `/api/v1/webhooks/${id}/rotate-secret`,
      times: Infinity,
    });
    const error = await failure(
      provider.update!(id, outs, await checked({ url: URL_B, events: ["call.ended"], secretVersion: "2" })),
    );

    expect(error.name).toBe("ResourceInitError");
    expect(error.properties).toMatchObject({ url: URL_B, secretVersion: "1", secret: outs.secret });
    expect(stored()[0]?.url).toBe(URL_B);
  });

  it("says to refresh when the endpoint was deleted outside Pulumi", async () => {
    const { id, outs } = await provider.create!(await checked({ url: URL_A, events: ["call.ended"] }));
    emulator.store.delete(id);
    const error = await failure(
      provider.update!(id, outs, await checked({ url: URL_B, events: ["call.ended"] })),
    );
    // Labelled with the step it stopped and a not-found code, not as a configuration problem.
    expect(error.message).toMatch(
      new RegExp(`^Erzycall update webhook failed: webhook ${id} no longer exists at Erzycall`),
    );
    expect(error).toMatchObject({ code: "WH_NOT_FOUND", operation: "update webhook" });
    expect(error.message).toContain("pulumi refresh");
  });
});

describe("erzycall.Webhook provider › adopt and delete", () => {
  it("adopts a dashboard endpoint without creating one, patching only what differs, with no secret", async () => {
    const existing = emulator.store.insert(ERZYCALL_DEFAULT_ORG, {
      url: URL_A,
      events: ["call.ended"],
      description: "from the dashboard",
    });
    const { id, outs } = await provider.create!(
      await checked({ url: URL_A, events: ["call.ended", "call.failed"], adopt: existing.id }),
    );

    expect(id).toBe(existing.id);
    expect(writes().map((request) => [request.method, request.body])).toEqual([
      ["PATCH", { events: ["call.ended", "call.failed"], description: "" }],
    ]);
    expect(outs).toEqual({
      url: URL_A,
      events: ["call.ended", "call.failed"],
      active: true,
      adopt: existing.id,
      createdAt: existing.createdAt,
    });
    expect(stored()).toHaveLength(1);
  });

  it("refuses to adopt an id that does not exist, and writes nothing", async () => {
    const error = await failure(
      provider.create!(await checked({ url: URL_A, events: ["call.ended"], adopt: "wh_missing" })),
    );
    expect(error.message).toMatch(/^Erzycall adopt webhook failed: cannot adopt webhook wh_missing/);
    expect(error).toMatchObject({ code: "WH_NOT_FOUND" });
    expect(writes()).toEqual([]);
  });

  it("deletes, and deleting what is already gone succeeds", async () => {
    const { id, outs } = await provider.create!(await checked({ url: URL_A, events: ["call.ended"] }));
    await provider.delete!(id, outs);
    expect(stored()).toEqual([]);
    await provider.delete!(id, outs);
    expect(
      emulator.requests.filter((request) => request.method === "DELETE").map((request) => request.status),
    ).toEqual([204, 404]);
  });
});
