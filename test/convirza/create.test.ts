import { describe, expect, it, onTestFinished, vi } from "vitest";
import { useStackConfig } from "../../provider/core/credentials";
import { CONVIRZA_TEST_TOKEN, CONVIRZA_TEST_USER } from "../emulators/convirza";
import {
  calls,
  checked,
  CREATED_AT,
  emulator,
  everyField,
  failure,
  initFailure,
  live,
  PARTNER_KEY,
  provider,
  URL_A,
  URL_B,
  useConvirzaEmulator,
} from "./emulated";

useConvirzaEmulator();

describe("convirza.Webhook provider › create", () => {
  it("posts every field in snake_case only, then reads the webhook back for every output", async () => {
    const { id, outs } = await provider.create!(await checked(everyField));

    // The list first: what matches before the POST is never taken for what a lost answer made.
    expect(calls()).toEqual(["GET /v3/webhooks", "POST /v3/webhooks", "GET /v3/webhooks/1001"]);
    const post = emulator().requests[1];
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
    expect(outs).toEqual({
      ...everyField,
      staticParameters: { api_key: PARTNER_KEY, source: "pulumi-crm" },
      createdAt: CREATED_AT,
      createdBy: CONVIRZA_TEST_USER.user_id,
    });
    expect(live()[0]).toMatchObject({ webhook_status: "inactive", created_by: 4242, org_unit_id: 1001 });
  });

  it("sends the defaults explicitly and leaves unset optional outputs absent", async () => {
    const { outs } = await provider.create!(await checked({ name: "Minimal", url: URL_A }));
    expect(emulator().requests[1]?.body).toEqual({
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
    for (let n = 0; n < 1000; n++)
      emulator().store.insert({
        webhook_name: `other ${n}`,
        webhook_endpoint: `https://other.example.com/${n}`,
      });
    emulator().faults.add({ kind: "lost", method: "POST", path: "/v3/webhooks" });
    const { id } = await provider.create!(await checked({ name: "CRM", url: URL_A }));

    expect(calls()).toEqual([
      "GET /v3/webhooks",
      "POST /v3/webhooks",
      "GET /v3/webhooks",
      "GET /v3/webhooks",
      "GET /v3/webhooks/2001",
    ]);
    expect(
      emulator()
        .requests.slice(2, 4)
        .map((request) => request.query),
    ).toEqual([
      { limit: "1000", offset: "0" },
      { limit: "1000", offset: "1000" },
    ]);
    expect(id).toBe("2001");
    expect(live().filter((webhook) => webhook.webhook_name === "CRM")).toHaveLength(1);
  });

  it("posts again when the create never reached Convirza (connection reset)", async () => {
    emulator().faults.add({ kind: "reset", method: "POST", path: "/v3/webhooks" });
    const { id } = await provider.create!(await checked({ name: "CRM", url: URL_A }));
    expect(calls()).toEqual([
      "GET /v3/webhooks",
      "POST /v3/webhooks",
      "GET /v3/webhooks",
      "POST /v3/webhooks",
      `GET /v3/webhooks/${id}`,
    ]);
    expect(live()).toHaveLength(1);
  });

  it("keeps looking before each new POST while answers are lost or refused", async () => {
    emulator().faults.add({ kind: "reset", method: "POST", path: "/v3/webhooks" });
    emulator().faults.add({ kind: "status", status: 502, method: "POST", path: "/v3/webhooks" });
    const { id } = await provider.create!(await checked({ name: "CRM", url: URL_A }));
    expect(calls()).toEqual([
      "GET /v3/webhooks",
      "POST /v3/webhooks",
      "GET /v3/webhooks",
      "POST /v3/webhooks",
      "GET /v3/webhooks",
      "POST /v3/webhooks",
      `GET /v3/webhooks/${id}`,
    ]);
    expect(live()).toHaveLength(1);
  });

  it("gives up after three POSTs that were not applied, with the last error", async () => {
    emulator().faults.add({ kind: "status", status: 500, method: "POST", path: "/v3/webhooks", times: 3 });
    const error = await failure(provider.create!(await checked({ name: "CRM", url: URL_A })));
    expect(error.message).toMatch(/^Convirza create webhook failed: HTTP 500/);
    expect(calls().filter((call) => call === "POST /v3/webhooks")).toHaveLength(3);
    expect(live()).toHaveLength(0);
  });

  it("creates without the look-up when the list path is not Convirza's, and names the setting when a lost create makes that matter", async () => {
    vi.stubEnv("CONVIRZA_WEBHOOKS_LIST_PATH", "/webhooks/listing");
    await provider.create!(await checked({ name: "CRM", url: URL_A }));
    expect(live()).toHaveLength(1);
    emulator().faults.add({ kind: "status", status: 500, method: "POST", times: Infinity });
    const error = await failure(provider.create!(await checked({ name: "CRM 2", url: URL_A })));
    // The emulator reads it as GET /webhooks/{id} with an invalid id, as a router with that route would.
    expect(error.message).toMatch(
      /^Convirza create webhook failed: HTTP 500 .*the duplicate check is unavailable because the list failed \(Convirza list webhooks failed: HTTP 400 "Invalid webhook id" .*; Convirza may have no list at \/webhooks\/listing: set convirza:webhooksListPath \(or CONVIRZA_WEBHOOKS_LIST_PATH\) to \/webhooks\/list\): look for a webhook named "CRM 2"/,
    );
  });

  it("uses the configured list path for that lookup", async () => {
    vi.stubEnv("CONVIRZA_WEBHOOKS_LIST_PATH", "/webhooks/list");
    emulator().faults.add({ kind: "lost", method: "POST", path: "/v3/webhooks" });
    await provider.create!(await checked({ name: "CRM", url: URL_A }));
    expect(calls()).toEqual([
      "GET /v3/webhooks/list",
      "POST /v3/webhooks",
      "GET /v3/webhooks/list",
      "GET /v3/webhooks/1001",
    ]);
  });

  it("refuses to make a second webhook beside an identical one the stack does not hold, naming it and adopt", async () => {
    const leftover = emulator().store.insert({ webhook_name: "CRM", webhook_endpoint: URL_A });
    const error = await failure(provider.create!(await checked({ name: "CRM", url: URL_A })));
    expect(error.message).toContain(
      `Convirza already has a webhook named "CRM" for ${URL_A} with the declared settings that this run has not seen in the stack's state (${leftover.webhook_id}); ` +
        "a `pulumi up` that was interrupted after Convirza made it may have left it, another resource of this " +
        "program may declare the same webhook (keep only one), or the resource that holds it was renamed (give it " +
        'the option `aliases: [{ name: "<its old name>" }]` and Convirza keeps the webhook as it is)',
    );
    expect(error.message).toContain(`adopt: "${leftover.webhook_id}"`);
    expect(calls().filter((call) => !call.startsWith("GET"))).toEqual([]);
  });

  it("never takes an identical webhook the stack holds (a replacement's old one) for the one a lost answer made", async () => {
    const inputs = await checked({ name: "CRM", url: URL_A });
    const before = emulator().store.insert({ webhook_name: "CRM", webhook_endpoint: URL_A });
    // The engine diffs a resource before it replaces it: that is how the provider learns the stack holds it.
    await provider.diff!(String(before.webhook_id), inputs, inputs);
    emulator().faults.add({ kind: "lost", method: "POST", path: "/v3/webhooks" });
    const { id } = await provider.create!(inputs);
    expect(id).not.toBe(String(before.webhook_id));
    expect(live().map((webhook) => String(webhook.webhook_id))).toEqual([String(before.webhook_id), id]);
  });

  it("keeps one of the webhooks lost answers made and deletes the others", async () => {
    // Two POSTs land unanswered while the list misses the first (a lagging list), then the third look finds both.
    emulator().faults.add({ kind: "lost", method: "POST", path: "/v3/webhooks", times: 2 });
    const hidden = emulator().faults.add({
      kind: "status",
      status: 200,
      method: "GET",
      path: "/v3/webhooks",
      body: JSON.stringify({ code: 200, message: "OK", data: { webhooks: [], total: 0 } }),
      times: 2,
    });
    const { id } = await provider.create!(await checked({ name: "CRM", url: URL_A }));
    hidden.remove();
    expect(calls().filter((call) => call.startsWith("POST"))).toHaveLength(2);
    expect(live().map((webhook) => String(webhook.webhook_id))).toEqual([id]);
  });

  it("reports the created webhook as a partial failure when reading it back fails, so it is not orphaned", async () => {
    emulator().faults.add({
      kind: "status",
      status: 500,
      method: "GET",
      path: /^\/v3\/webhooks\/\d+$/,
      times: Infinity,
    });
    const error = await failure(provider.create!(await checked({ name: "CRM", url: URL_A })));
    expect(error.name).toBe("ResourceInitError");
    expect(error.id).toBe("1001");
    expect(error.properties).toMatchObject({ name: "CRM", url: URL_A });
    expect(error.message).toMatch(/^Convirza read webhook failed: HTTP 500/);
  });

  it("waits out a 429 with Retry-After and sends the create once more (it was not applied)", async () => {
    emulator().faults.add({
      kind: "status",
      status: 429,
      retryAfter: 0,
      method: "POST",
      body: JSON.stringify({ code: 429, message: "Too many requests", data: null }),
    });
    const { id } = await provider.create!(await checked({ name: "CRM", url: URL_A }));
    expect(calls()).toEqual([
      "GET /v3/webhooks",
      "POST /v3/webhooks",
      "POST /v3/webhooks",
      `GET /v3/webhooks/${id}`,
    ]);
    expect(live()).toHaveLength(1);
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
    expect(emulator().requests).toHaveLength(0);
  });

  it("turns a rejected token into one line with a hint and no token in it", async () => {
    const wrongToken = "cvz-revoked-token-0000000000";
    vi.stubEnv("CONVIRZA_TOKEN", wrongToken);
    const error = await failure(provider.create!(await checked({ name: "CRM", url: URL_A })));
    // The first request is the look at what exists before the create.
    expect(error.message).toMatch(
      /^Convirza list webhooks failed: HTTP 401 "Unauthorized: .*" \(request [0-9a-f-]{36}\)\. Check convirza:token \/ CONVIRZA_TOKEN/,
    );
    expect(`${error.message}${error.stack}`).not.toContain(wrongToken);
  });

  it("prefers the token and base URL from stack config over the environment", async () => {
    vi.stubEnv("CONVIRZA_BASE_URL", "http://192.0.2.1:1");
    vi.stubEnv("CONVIRZA_TOKEN", "cvz-env-token-not-used");
    const config = new Map([
      ["convirza:token", CONVIRZA_TEST_TOKEN],
      ["convirza:baseUrl", `${emulator().url}/v3`],
    ]);
    useStackConfig({ get: (key) => config.get(key) });
    await provider.create!(await checked({ name: "CRM", url: URL_A }));
    expect(emulator().requests[0]?.headers.authorization).toBe(`Bearer ${CONVIRZA_TEST_TOKEN}`);
    expect(emulator().requests[0]?.path).toBe("/v3/webhooks");
  });

  it("refuses a plain-http base URL that is not loopback", async () => {
    vi.stubEnv("CONVIRZA_BASE_URL", "http://platform-api.convirza.com");
    const error = await failure(provider.create!(await checked({ name: "CRM", url: URL_A })));
    expect(error.message).toMatch(/\(from convirza:baseUrl \/ CONVIRZA_BASE_URL\) must use https:\/\//);
    expect(emulator().requests).toHaveLength(0);
  });

  it("never lets a static parameter value reach an error message", async () => {
    emulator().faults.add({
      kind: "status",
      status: 400,
      method: "POST",
      contentType: "application/json",
      body: JSON.stringify({
        code: 400,
        message: `field_value ${PARTNER_KEY} is not allowed`,
        data: null,
        request_id: "req-1",
      }),
    });
    const error = await failure(provider.create!(await checked(everyField)));
    expect(error.message).toContain('"field_value [redacted] is not allowed" (request req-1)');
    expect(`${error.message}${error.stack}`).not.toContain(PARTNER_KEY);
  });
});

describe("convirza.Webhook provider › when Convirza hangs", () => {
  const hanging = () => {
    vi.stubEnv("PULUMI_WEBHOOKS_HTTP_TIMEOUT_MS", "200");
    vi.stubEnv("PULUMI_WEBHOOKS_MAX_RETRIES", "1");
  };

  it("looks after a create cut off by the timeout, then sends it again: one webhook", async () => {
    hanging();
    emulator().faults.add({ kind: "hang", method: "POST", path: "/v3/webhooks" });
    const { id } = await provider.create!(await checked({ name: "CRM", url: URL_A }));
    expect(calls()).toEqual([
      "GET /v3/webhooks",
      "POST /v3/webhooks",
      "GET /v3/webhooks",
      "POST /v3/webhooks",
      `GET /v3/webhooks/${id}`,
    ]);
    expect(live()).toHaveLength(1);
  });

  it("gives up with one clear line naming the timeout and its setting", async () => {
    hanging();
    emulator().faults.add({ kind: "hang", method: "POST", path: "/v3/webhooks", times: Infinity });
    const error = await failure(provider.create!(await checked({ name: "CRM", url: URL_A })));
    expect(error.message).toMatch(
      /^Convirza create webhook failed: no response from http:\/\/127\.0\.0\.1:\d+ within 200 ms \(PULUMI_WEBHOOKS_HTTP_TIMEOUT_MS\)/,
    );
    expect(live()).toHaveLength(0);
  });

  it("reports a webhook whose read-back hangs as a partial failure with its id", async () => {
    hanging();
    emulator().faults.add({ kind: "hang", method: "GET", path: /^\/v3\/webhooks\/\d+$/, times: Infinity });
    const error = await failure(provider.create!(await checked({ name: "CRM", url: URL_A })));
    expect(error.name).toBe("ResourceInitError");
    expect(error.id).toBe(String(live()[0]?.webhook_id));
    expect(error.message).toMatch(/read webhook failed: no response .* within 200 ms/);
  });

  it("keeps a create Convirza went quiet after as an unconfirmed placeholder, which the next up replaces: one webhook", async () => {
    hanging();
    const inputs = await checked({ name: "CRM", url: URL_A });
    emulator().faults.add({ kind: "stall", method: "POST", path: "/v3/webhooks", thenHang: true });
    const error = await initFailure(provider.create!(inputs));
    expect(error.id).toBe("unconfirmed-create");
    expect(error.properties).toEqual(inputs);
    expect(error.message).toMatch(
      /^Convirza create webhook failed: no response .* within 200 ms .*kept in state as unconfirmed-create: the next `pulumi up` removes whatever that attempt made and creates it again/,
    );
    emulator().faults.clear();
    const [unseen] = live();
    expect(live()).toHaveLength(1);

    emulator().clearRequests();
    expect(await provider.read!(error.id, error.properties)).toMatchObject({
      id: "unconfirmed-create",
      props: inputs,
    });
    expect(await provider.diff!(error.id, error.properties, inputs)).toMatchObject({
      changes: true,
      deleteBeforeReplace: true,
      replaces: expect.arrayContaining(["name", "url"]),
    });
    expect(emulator().requests).toEqual([]);
    await provider.delete!(error.id, error.properties);
    expect(calls()).toEqual(["GET /v3/webhooks", `DELETE /v3/webhooks/${unseen!.webhook_id}`]);
    const { id } = await provider.create!(inputs);
    expect(live().map((webhook) => String(webhook.webhook_id))).toEqual([id]);
  });

  it("re-creates after removing a placeholder's webhook although another create listed it just before", async () => {
    hanging();
    const inputs = await checked({ name: "CRM", url: URL_A });
    emulator().faults.add({ kind: "stall", method: "POST", path: "/v3/webhooks", thenHang: true });
    const error = await initFailure(provider.create!(inputs));
    emulator().faults.clear();
    // The next up (a new provider process: no list from this one's first seconds) creates another resource
    // first: the list it takes holds what the quiet attempt made.
    vi.useFakeTimers({ toFake: ["Date"] });
    onTestFinished(() => void vi.useRealTimers());
    vi.setSystemTime(Date.now() + 60_000);
    await provider.create!(await checked({ name: "QA", url: URL_B }));
    await provider.delete!(error.id, error.properties);

    const { id } = await provider.create!(inputs);
    expect(
      live()
        .filter((webhook) => webhook.webhook_name === "CRM")
        .map((webhook) => String(webhook.webhook_id)),
    ).toEqual([id]);
  });

  it("leaves webhooks that matched before an unconfirmed create alone when removing what it made", async () => {
    hanging();
    const inputs = await checked({ name: "CRM", url: URL_A });
    const before = emulator().store.insert({ webhook_name: "CRM", webhook_endpoint: URL_A });
    await provider.diff!(String(before.webhook_id), inputs, inputs);
    emulator().faults.add({ kind: "stall", method: "POST", path: "/v3/webhooks", thenHang: true });
    const error = await initFailure(provider.create!(inputs));
    expect(error.id).toBe(`unconfirmed-create:except=${before.webhook_id}`);
    emulator().faults.clear();
    await provider.delete!(error.id, error.properties);
    expect(live().map((webhook) => webhook.webhook_id)).toEqual([before.webhook_id]);
  });
});
