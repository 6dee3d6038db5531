import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useStackConfig } from "../../provider/core/credentials";
import { webhookProvider as provider } from "../../provider/convirza/provider";
import { CONVIRZA_TEST_TOKEN, CONVIRZA_TEST_USER, startConvirzaEmulator, type ConvirzaEmulator } from "../emulators/convirza";

// The provider called directly, as the host calls it after check, against the emulator.
let emulator: ConvirzaEmulator;
const URL_A = "https://hooks.example.com/convirza/a";
const URL_B = "https://hooks.example.com/convirza/b";
const PARTNER_KEY = "sk_partner_key_9f8e7d6c";
const CREATED_AT = "2026-03-01T10:00:00.000Z";

beforeEach(async () => {
  emulator = await startConvirzaEmulator({ now: () => Date.parse(CREATED_AT) });
  vi.stubEnv("CONVIRZA_TOKEN", CONVIRZA_TEST_TOKEN);
  vi.stubEnv("CONVIRZA_BASE_URL", emulator.url);
  vi.stubEnv("PULUMI_WEBHOOKS_RETRY_BASE_MS", "1");
});

afterEach(async () => {
  vi.unstubAllEnvs();
  useStackConfig(undefined);
  await emulator.close();
});

/** Inputs as check returns them. */
async function checked(news: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await provider.check!({}, news);
  expect(result.failures).toEqual([]);
  return result.inputs;
}

const calls = () => emulator.requests.map((request) => `${request.method} ${request.path}`);
const live = () => emulator.store.list().filter((webhook) => webhook.webhook_status !== "deleted");

async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error & Record<string, unknown>;
}

const everyField = {
  name: "CRM",
  url: URL_A,
  format: "XML_CQM",
  method: "PUT",
  description: "calls to the CRM",
  includeDataAppend: true,
  includeDniLogs: true,
  includeIndicatorScores: true,
  includeIvrKeypresses: true,
  active: false,
  staticParameters: { source: "pulumi-crm", api_key: PARTNER_KEY },
};

describe("convirza.Webhook provider › create", () => {
  it("posts every field in snake_case only, then reads the webhook back for every output", async () => {
    const { id, outs } = await provider.create!(await checked(everyField));

    expect(calls()).toEqual(["POST /v3/webhooks", "GET /v3/webhooks/1001"]);
    const [post] = emulator.requests;
    expect(post?.headers.authorization).toBe(`Bearer ${CONVIRZA_TEST_TOKEN}`);
    expect(post?.headers["content-type"]).toBe("application/json");
    expect(post?.body).toEqual({
      webhook_name: "CRM",
      webhook_endpoint: URL_A,
      format: "XML_CQM",
      method: "PUT",
      description: "calls to the CRM",
      include_data_append: true,
      include_dni_logs: true,
      include_indicator_scores: true,
      include_ivr_keypresses: true,
      webhook_status: "inactive",
      static_parameters: [
        { field_name: "api_key", field_value: PARTNER_KEY },
        { field_name: "source", field_value: "pulumi-crm" },
      ],
    });
    expect(post?.status).toBe(201);

    expect(id).toBe("1001");
    expect(outs).toEqual({ ...everyField, staticParameters: { api_key: PARTNER_KEY, source: "pulumi-crm" }, createdAt: CREATED_AT, createdBy: CONVIRZA_TEST_USER.user_id });
    expect(live()[0]).toMatchObject({ webhook_status: "inactive", created_by: 4242, org_unit_id: 1001 });
  });

  it("sends the defaults explicitly and leaves unset optional outputs absent", async () => {
    const { outs } = await provider.create!(await checked({ name: "Minimal", url: URL_A }));
    expect(emulator.requests[0]?.body).toEqual({
      webhook_name: "Minimal",
      webhook_endpoint: URL_A,
      format: "JSON",
      method: "POST",
      include_data_append: false,
      include_dni_logs: false,
      include_indicator_scores: false,
      include_ivr_keypresses: false,
      webhook_status: "active",
      static_parameters: [],
    });
    expect(outs).not.toHaveProperty("description");
    expect(outs).not.toHaveProperty("adopt");
    expect(outs).toMatchObject({ active: true, staticParameters: {} });
  });

  it("finds the webhook a lost create made instead of creating a second one, paging through the list", async () => {
    for (let n = 0; n < 1000; n++) emulator.store.insert({ webhook_name: `other ${n}`, webhook_endpoint: `https://other.example.com/${n}` });
    emulator.faults.add({ kind: "lost", method: "POST", path: "/v3/webhooks" });
    const { id } = await provider.create!(await checked({ name: "CRM", url: URL_A }));

    expect(calls()).toEqual(["POST /v3/webhooks", "GET /v3/webhooks", "GET /v3/webhooks", "GET /v3/webhooks/2001"]);
    expect(emulator.requests.slice(1, 3).map((request) => request.query)).toEqual([{ limit: "1000", offset: "0" }, { limit: "1000", offset: "1000" }]);
    expect(id).toBe("2001");
    expect(live().filter((webhook) => webhook.webhook_name === "CRM")).toHaveLength(1);
  });

  it("posts again when the create never reached Convirza (connection reset)", async () => {
    emulator.faults.add({ kind: "reset", method: "POST", path: "/v3/webhooks" });
    const { id } = await provider.create!(await checked({ name: "CRM", url: URL_A }));
    expect(calls()).toEqual(["POST /v3/webhooks", "GET /v3/webhooks", "POST /v3/webhooks", `GET /v3/webhooks/${id}`]);
    expect(live()).toHaveLength(1);
  });

  it("uses the configured list path for that lookup", async () => {
    vi.stubEnv("CONVIRZA_WEBHOOKS_LIST_PATH", "/webhooks/list");
    emulator.faults.add({ kind: "lost", method: "POST", path: "/v3/webhooks" });
    await provider.create!(await checked({ name: "CRM", url: URL_A }));
    expect(calls()).toEqual(["POST /v3/webhooks", "GET /v3/webhooks/list", "GET /v3/webhooks/1001"]);
  });

  it("refuses to guess when several identical webhooks could be the lost one", async () => {
    emulator.store.insert({ webhook_name: "CRM", webhook_endpoint: URL_A });
    emulator.faults.add({ kind: "lost", method: "POST", path: "/v3/webhooks" });
    const error = await failure(provider.create!(await checked({ name: "CRM", url: URL_A })));
    expect(error.message).toMatch(/webhooks 1001, 1002 all match this one; take over the right one with `adopt`/);
  });

  it("reports the created webhook as a partial failure when reading it back fails, so it is not orphaned", async () => {
    emulator.faults.add({ kind: "status", status: 500, method: "GET", times: Infinity });
    const error = await failure(provider.create!(await checked({ name: "CRM", url: URL_A })));
    expect(error.name).toBe("ResourceInitError");
    expect(error.id).toBe("1001");
    expect(error.properties).toMatchObject({ name: "CRM", url: URL_A });
    expect(error.message).toMatch(/^Convirza read webhook failed: HTTP 500/);
  });

  it("turns a validation error into one line with the request id and the fields", async () => {
    const inputs = { ...(await checked({ name: "CRM", url: URL_A })), format: "json" };
    const error = await failure(provider.create!(inputs));
    expect(error.message).toMatch(
      /^Convirza create webhook failed: HTTP 400 "Validation failed" \[format: must be one of JSON, XML, XML_CQM, FORM_DATA\] \(request [0-9a-f-]{36}\)\. Convirza rejected the request; check the webhook's inputs$/,
    );
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(live()).toHaveLength(0);
  });

  it("names the config key and the variable when the token is missing, and sends nothing", async () => {
    vi.stubEnv("CONVIRZA_TOKEN", "");
    const error = await failure(provider.create!(await checked({ name: "CRM", url: URL_A })));
    expect(error.message).toContain("pulumi config set --secret convirza:token");
    expect(error.message).toContain("CONVIRZA_TOKEN");
    expect(emulator.requests).toHaveLength(0);
  });

  it("turns a rejected token into one line with a hint and no token in it", async () => {
    const wrongToken = "cvz-revoked-token-0000000000";
    vi.stubEnv("CONVIRZA_TOKEN", wrongToken);
    const error = await failure(provider.create!(await checked({ name: "CRM", url: URL_A })));
    expect(error.message).toMatch(/^Convirza create webhook failed: HTTP 401 "Unauthorized: .*" \(request [0-9a-f-]{36}\)\. check convirza:token \/ CONVIRZA_TOKEN/);
    expect(`${error.message}${error.stack}`).not.toContain(wrongToken);
  });

  it("prefers the token and base URL from stack config over the environment", async () => {
    vi.stubEnv("CONVIRZA_BASE_URL", "http://192.0.2.1:1");
    vi.stubEnv("CONVIRZA_TOKEN", "cvz-env-token-not-used");
    const config = new Map([["convirza:token", CONVIRZA_TEST_TOKEN], ["convirza:baseUrl", `${emulator.url}/v3`]]);
    useStackConfig({ get: (key) => config.get(key) });
    await provider.create!(await checked({ name: "CRM", url: URL_A }));
    expect(emulator.requests[0]?.headers.authorization).toBe(`Bearer ${CONVIRZA_TEST_TOKEN}`);
    expect(emulator.requests[0]?.path).toBe("/v3/webhooks");
  });

  it("refuses a plain-http base URL that is not loopback", async () => {
    vi.stubEnv("CONVIRZA_BASE_URL", "http://platform-api.convirza.com");
    const error = await failure(provider.create!(await checked({ name: "CRM", url: URL_A })));
    expect(error.message).toMatch(/\(from convirza:baseUrl \/ CONVIRZA_BASE_URL\) must use https:\/\//);
    expect(emulator.requests).toHaveLength(0);
  });

  it("never lets a static parameter value reach an error message", async () => {
    emulator.faults.add({
      kind: "status",
      status: 400,
      method: "POST",
      contentType: "application/json",
      body: JSON.stringify({ code: 400, message: `field_value ${PARTNER_KEY} is not allowed`, data: null, request_id: "req-1" }),
    });
    const error = await failure(provider.create!(await checked(everyField)));
    expect(error.message).toContain('"field_value [redacted] is not allowed" (request req-1)');
    expect(`${error.message}${error.stack}`).not.toContain(PARTNER_KEY);
  });
});

describe("convirza.Webhook provider › read", () => {
  it("reads back exactly what create returned, with inputs that leave no diff", async () => {
    const inputs = await checked(everyField);
    const { id, outs } = await provider.create!(inputs);
    const read = await provider.read!(id, outs);
    expect(read).toEqual({ id, props: outs, inputs });
    expect((await provider.diff!(id, read.props, read.inputs)).changes).toBe(false);
  });

  it("reports drift made in Convirza as props and as the inputs that reproduce it", async () => {
    const { id, outs } = await provider.create!(await checked(everyField));
    emulator.store.update(Number(id), { webhook_endpoint: URL_B, format: "JSON", webhook_status: "active", static_parameters: [{ field_name: "source", field_value: "edited" }] });

    const read = await provider.read!(id, outs);
    const drifted = { ...outs, url: URL_B, format: "JSON", active: true, staticParameters: { source: "edited" } };
    expect(read.props).toEqual(drifted);
    expect(read.inputs).toEqual({ ...everyField, url: URL_B, format: "JSON", active: true, staticParameters: { source: "edited" } });
    expect(await provider.diff!(id, read.props, await checked(everyField))).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it.each([
    ["soft-deleted (GET answers 404)", () => {}],
    ["soft-deleted and still returned with webhook_status deleted", () => void (emulator.rules.showDeleted = true)],
    ["gone for good", () => void emulator.store.purge(1001)],
  ])("reads a webhook %s as gone", async (_name, arrange) => {
    const { id, outs } = await provider.create!(await checked({ name: "CRM", url: URL_A }));
    emulator.store.delete(Number(id));
    arrange();
    expect(await provider.read!(id, outs)).toEqual({ id: "" });
  });

  it("reads the deprecated PascalCase names and a record under data.webhook", async () => {
    const { id, outs } = await provider.create!(await checked(everyField));
    emulator.rules.pascalCase = true;
    emulator.rules.wrapDetail = true;
    expect((await provider.read!(id, outs)).props).toEqual(outs);
  });

  it("throws on a rejected token instead of reading the webhook as gone", async () => {
    const { id, outs } = await provider.create!(await checked({ name: "CRM", url: URL_A }));
    emulator.revokeToken(CONVIRZA_TEST_TOKEN);
    expect((await failure(provider.read!(id, outs))).message).toMatch(/^Convirza read webhook failed: HTTP 401/);
  });
});

describe("convirza.Webhook provider › update", () => {
  const base = { name: "CRM", url: URL_A, description: "one", staticParameters: { source: "pulumi-crm" } };

  it.each([
    ["name", { name: "CRM v2" }, { webhook_name: "CRM v2" }],
    ["url", { url: URL_B }, { webhook_endpoint: URL_B }],
    ["format", { format: "FORM_DATA" }, { format: "FORM_DATA" }],
    ["method", { method: "GET" }, { method: "GET" }],
    ["description", { description: "two" }, { description: "two" }],
    ["includeDataAppend", { includeDataAppend: true }, { include_data_append: true }],
    ["includeDniLogs", { includeDniLogs: true }, { include_dni_logs: true }],
    ["includeIndicatorScores", { includeIndicatorScores: true }, { include_indicator_scores: true }],
    ["includeIvrKeypresses", { includeIvrKeypresses: true }, { include_ivr_keypresses: true }],
    ["active", { active: false }, { webhook_status: "inactive" }],
    ["staticParameters", { staticParameters: { source: "x", token: PARTNER_KEY } }, { static_parameters: [{ field_name: "source", field_value: "x" }, { field_name: "token", field_value: PARTNER_KEY }] }],
    ["staticParameters to none", { staticParameters: {} }, { static_parameters: [] }],
  ])("patches only %s, then reads the webhook back", async (_field, change, wire) => {
    const { id, outs } = await provider.create!(await checked(base));
    emulator.clearRequests();
    const news = await checked({ ...base, ...change });
    const { outs: updated } = await provider.update!(id, outs, news);

    expect(emulator.requests.map((request) => [request.method, request.path, request.body])).toEqual([
      ["PATCH", `/v3/webhooks/${id}`, wire],
      ["GET", `/v3/webhooks/${id}`, undefined],
    ]);
    expect(updated).toEqual({ ...news, createdAt: CREATED_AT, createdBy: 4242 });
    expect((await provider.read!(id, updated)).props).toEqual(updated);
  });

  it("clears a removed description with a full PUT, since PATCH cannot unset a field", async () => {
    const { id, outs } = await provider.create!(await checked({ ...base, includeDniLogs: true }));
    emulator.clearRequests();
    const { outs: updated } = await provider.update!(id, outs, await checked({ name: "CRM", url: URL_A, includeDniLogs: true, staticParameters: { source: "pulumi-crm" } }));

    expect(emulator.requests[0]).toMatchObject({ method: "PUT", path: `/v3/webhooks/${id}` });
    expect(emulator.requests[0]?.body).toEqual({
      webhook_name: "CRM",
      webhook_endpoint: URL_A,
      format: "JSON",
      method: "POST",
      include_data_append: false,
      include_dni_logs: true,
      include_indicator_scores: false,
      include_ivr_keypresses: false,
      webhook_status: "active",
      static_parameters: [{ field_name: "source", field_value: "pulumi-crm" }],
    });
    expect(updated).not.toHaveProperty("description");
    expect(live()[0]?.description).toBeNull();
  });

  it("brings drift back to the declared state with one PATCH of what differs", async () => {
    const inputs = await checked(base);
    const { id, outs } = await provider.create!(inputs);
    emulator.store.update(Number(id), { webhook_name: "renamed by hand", include_dni_logs: true });
    const { props } = await provider.read!(id, outs);
    emulator.clearRequests();
    await provider.update!(id, props!, inputs);
    expect(emulator.requests[0]?.body).toEqual({ webhook_name: "CRM", include_dni_logs: false });
    expect(live()[0]).toMatchObject({ webhook_name: "CRM", include_dni_logs: false });
  });

  it("sends nothing when only adopt changed", async () => {
    const { id, outs } = await provider.create!(await checked(base));
    emulator.clearRequests();
    const { outs: updated } = await provider.update!(id, outs, await checked({ ...base, adopt: "5" }));
    expect(emulator.requests).toHaveLength(0);
    expect(updated).toEqual({ ...outs, adopt: "5" });
  });

  it("says to refresh when the webhook was deleted outside Pulumi", async () => {
    const { id, outs } = await provider.create!(await checked(base));
    emulator.store.delete(Number(id));
    const error = await failure(provider.update!(id, outs, await checked({ ...base, url: URL_B })));
    expect(error.message).toContain(`webhook ${id} no longer exists at Convirza`);
    expect(error.message).toContain("pulumi refresh");
  });

  it("keeps the new state as a partial failure when the read-back after the PATCH fails", async () => {
    const { id, outs } = await provider.create!(await checked(base));
    emulator.faults.add({ kind: "status", status: 500, method: "GET", times: Infinity });
    const error = await failure(provider.update!(id, outs, await checked({ ...base, url: URL_B })));
    expect(error.name).toBe("ResourceInitError");
    expect(error.properties).toMatchObject({ url: URL_B, createdAt: CREATED_AT });
    expect(live()[0]?.webhook_endpoint).toBe(URL_B);
  });
});

describe("convirza.Webhook provider › adopt and delete", () => {
  it("adopts an existing webhook without creating one, patching only what differs", async () => {
    const existing = emulator.store.insert({ webhook_name: "CRM", webhook_endpoint: URL_A, description: "made in the UI", created_by: 7, created_at: "2025-12-01T00:00:00.000Z" });
    const inputs = await checked({ name: "CRM", url: URL_A, includeDniLogs: true, adopt: String(existing.webhook_id) });
    const { id, outs } = await provider.create!(inputs);

    expect(id).toBe(String(existing.webhook_id));
    expect(calls()).toEqual([`GET /v3/webhooks/${id}`, `PUT /v3/webhooks/${id}`, `GET /v3/webhooks/${id}`]);
    expect(outs).toEqual({ ...inputs, createdAt: "2025-12-01T00:00:00.000Z", createdBy: 7 });
    expect(live()).toHaveLength(1);
    const read = await provider.read!(id, outs);
    expect(read.inputs).toEqual(inputs);
  });

  it("adopts with a PATCH when nothing needs clearing, and with no write when it already matches", async () => {
    const existing = emulator.store.insert({ webhook_name: "CRM", webhook_endpoint: URL_A });
    await provider.create!(await checked({ name: "CRM", url: URL_A, adopt: String(existing.webhook_id) }));
    expect(calls()).toEqual([`GET /v3/webhooks/${existing.webhook_id}`]);
    emulator.clearRequests();
    await provider.create!(await checked({ name: "CRM", url: URL_A, active: false, adopt: String(existing.webhook_id) }));
    expect(emulator.requests.filter((request) => request.method !== "GET").map((request) => [request.method, request.body])).toEqual([["PATCH", { webhook_status: "inactive" }]]);
  });

  it.each([
    ["does not exist", () => {}],
    ["was deleted", () => void emulator.store.delete(emulator.store.insert({ webhook_id: 77, webhook_name: "x", webhook_endpoint: URL_A }).webhook_id)],
  ])("refuses to adopt a webhook that %s, and writes nothing", async (_name, arrange) => {
    arrange();
    const error = await failure(provider.create!(await checked({ name: "CRM", url: URL_A, adopt: "77" })));
    expect(error.message).toContain("cannot adopt webhook 77");
    expect(emulator.requests.filter((request) => request.method !== "GET")).toEqual([]);
  });

  it("deletes (softly, at Convirza), and deleting what is already gone succeeds", async () => {
    const { id, outs } = await provider.create!(await checked({ name: "CRM", url: URL_A }));
    await provider.delete!(id, outs);
    expect(emulator.store.get(Number(id))?.webhook_status).toBe("deleted");
    await provider.delete!(id, outs);
    expect(emulator.requests.filter((request) => request.method === "DELETE").map((request) => request.status)).toEqual([200, 404]);
  });
});
