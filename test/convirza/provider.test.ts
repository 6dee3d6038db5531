import { describe, expect, it } from "vitest";
import { CONVIRZA_TEST_TOKEN } from "../emulators/convirza";
import {
  calls,
  checked,
  CREATED_AT,
  emulator,
  everyField,
  failure,
  live,
  PARTNER_KEY,
  provider,
  URL_A,
  URL_B,
  useConvirzaEmulator,
} from "./emulated";

useConvirzaEmulator();

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
    emulator().store.update(Number(id), {
      webhook_endpoint: URL_B,
      format: "JSON",
      webhook_status: "active",
      static_parameters: [{ field_name: "source", field_value: "edited" }],
    });

    const read = await provider.read!(id, outs);
    const drifted = {
      ...outs,
      url: URL_B,
      format: "JSON",
      active: true,
      staticParameters: { source: "edited" },
    };
    expect(read.props).toEqual(drifted);
    expect(read.inputs).toEqual({
      ...everyField,
      url: URL_B,
      format: "JSON",
      active: true,
      staticParameters: { source: "edited" },
    });
    expect(await provider.diff!(id, read.props, await checked(everyField))).toEqual({
      changes: true,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it.each([
    ["soft-deleted (GET answers 404)", () => {}],
    [
      "soft-deleted and still returned with webhook_status deleted",
      () => void (emulator().rules.showDeleted = true),
    ],
    ["gone for good", () => void emulator().store.purge(1001)],
  ])("reads a webhook %s as gone", async (_name, arrange) => {
    const { id, outs } = await provider.create!(await checked({ name: "CRM", url: URL_A }));
    emulator().store.delete(Number(id));
    arrange();
    expect(await provider.read!(id, outs)).toEqual({ id: "" });
  });

  it("reads the deprecated PascalCase names and a record under data.webhook", async () => {
    const { id, outs } = await provider.create!(await checked(everyField));
    emulator().rules.pascalCase = true;
    emulator().rules.wrapDetail = true;
    expect((await provider.read!(id, outs)).props).toEqual(outs);
  });

  it("throws on a rejected token instead of reading the webhook as gone", async () => {
    const { id, outs } = await provider.create!(await checked({ name: "CRM", url: URL_A }));
    emulator().revokeToken(CONVIRZA_TEST_TOKEN);
    // Reads go through the shared list first.
    expect((await failure(provider.read!(id, outs))).message).toMatch(
      /^Convirza list webhooks failed: HTTP 401/,
    );
  });

  it("serves concurrent reads of many webhooks from one walk of the list, with no GET by id", async () => {
    const created = [];
    for (const n of [1, 2, 3])
      created.push(await provider.create!(await checked({ name: `CRM ${n}`, url: `${URL_A}/${n}` })));
    emulator().clearRequests();
    const reads = await Promise.all(created.map(({ id, outs }) => provider.read!(id, outs)));
    expect(reads.map((read) => read.props)).toEqual(created.map(({ outs }) => outs));
    expect(calls()).toEqual(["GET /v3/webhooks"]);
    expect(emulator().requests[0]?.query).toMatchObject({ limit: "1000", offset: "0" });
  });

  it("asks by id for a webhook the shared list does not hold (made since the list was read)", async () => {
    const ours = await provider.create!(await checked({ name: "CRM", url: URL_A }));
    await provider.read!(ours.id, ours.outs);
    // Another program's webhook appears after the list was read: the cached list does not hold it.
    const theirs = emulator().store.insert({
      webhook_name: "theirs",
      webhook_endpoint: URL_B,
      org_unit_id: 1001,
      created_by: 7,
    });
    emulator().clearRequests();
    const read = await provider.read!(String(theirs.webhook_id), {});
    expect(read.props).toMatchObject({ name: "theirs", url: URL_B });
    expect(calls()).toEqual([`GET /v3/webhooks/${theirs.webhook_id}`]);
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
    [
      "staticParameters",
      { staticParameters: { source: "x", token: PARTNER_KEY } },
      {
        static_parameters: [
          { field_name: "source", field_value: "x" },
          { field_name: "token", field_value: PARTNER_KEY },
        ],
      },
    ],
    ["staticParameters to none", { staticParameters: {} }, { static_parameters: [] }],
  ])("patches only %s, then reads the webhook back", async (_field, change, wire) => {
    const { id, outs } = await provider.create!(await checked(base));
    emulator().clearRequests();
    const news = await checked({ ...base, ...change });
    const { outs: updated } = await provider.update!(id, outs, news);

    expect(emulator().requests.map((request) => [request.method, request.path, request.body])).toEqual([
      ["PATCH", `/v3/webhooks/${id}`, wire],
      ["GET", `/v3/webhooks/${id}`, undefined],
    ]);
    expect(updated).toEqual({ ...news, createdAt: CREATED_AT, createdBy: 4242 });
    expect((await provider.read!(id, updated)).props).toEqual(updated);
  });

  it("clears a removed description with a full PUT, since PATCH cannot unset a field", async () => {
    const { id, outs } = await provider.create!(await checked({ ...base, includeDniLogs: true }));
    emulator().clearRequests();
    const { outs: updated } = await provider.update!(
      id,
      outs,
      await checked({
        name: "CRM",
        url: URL_A,
        includeDniLogs: true,
        staticParameters: { source: "pulumi-crm" },
      }),
    );

    expect(emulator().requests[0]).toMatchObject({ method: "PUT", path: `/v3/webhooks/${id}` });
    expect(emulator().requests[0]?.body).toEqual({
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
    emulator().store.update(Number(id), { webhook_name: "renamed by hand", include_dni_logs: true });
    const { props } = await provider.read!(id, outs);
    emulator().clearRequests();
    await provider.update!(id, props!, inputs);
    expect(emulator().requests[0]?.body).toEqual({ webhook_name: "CRM", include_dni_logs: false });
    expect(live()[0]).toMatchObject({ webhook_name: "CRM", include_dni_logs: false });
  });

  it("sends nothing when only adopt changed", async () => {
    const { id, outs } = await provider.create!(await checked(base));
    emulator().clearRequests();
    const { outs: updated } = await provider.update!(id, outs, await checked({ ...base, adopt: "5" }));
    expect(emulator().requests).toHaveLength(0);
    expect(updated).toEqual({ ...outs, adopt: "5" });
  });

  it("says to refresh when the webhook was deleted outside Pulumi", async () => {
    const { id, outs } = await provider.create!(await checked(base));
    emulator().store.delete(Number(id));
    const error = await failure(provider.update!(id, outs, await checked({ ...base, url: URL_B })));
    expect(error.message).toContain(`webhook ${id} no longer exists at Convirza`);
    expect(error.message).toContain("pulumi refresh");
  });

  it("keeps the new state as a partial failure when the read-back after the PATCH fails", async () => {
    const { id, outs } = await provider.create!(await checked(base));
    emulator().faults.add({ kind: "status", status: 500, method: "GET", times: Infinity });
    const error = await failure(provider.update!(id, outs, await checked({ ...base, url: URL_B })));
    expect(error.name).toBe("ResourceInitError");
    expect(error.properties).toMatchObject({ url: URL_B, createdAt: CREATED_AT });
    expect(live()[0]?.webhook_endpoint).toBe(URL_B);
  });
});

describe("convirza.Webhook provider › adopt and delete", () => {
  it("adopts an existing webhook without creating one, patching only what differs", async () => {
    const existing = emulator().store.insert({
      webhook_name: "CRM",
      webhook_endpoint: URL_A,
      description: "made in the UI",
      created_by: 7,
      created_at: "2025-12-01T00:00:00.000Z",
    });
    const inputs = await checked({
      name: "CRM",
      url: URL_A,
      includeDniLogs: true,
      adopt: String(existing.webhook_id),
    });
    const { id, outs } = await provider.create!(inputs);

    expect(id).toBe(String(existing.webhook_id));
    expect(calls()).toEqual([`GET /v3/webhooks/${id}`, `PUT /v3/webhooks/${id}`, `GET /v3/webhooks/${id}`]);
    expect(outs).toEqual({ ...inputs, createdAt: "2025-12-01T00:00:00.000Z", createdBy: 7 });
    expect(live()).toHaveLength(1);
    const read = await provider.read!(id, outs);
    expect(read.inputs).toEqual(inputs);
  });

  it("adopts with a PATCH when nothing needs clearing, and with no write when it already matches", async () => {
    const existing = emulator().store.insert({ webhook_name: "CRM", webhook_endpoint: URL_A });
    await provider.create!(await checked({ name: "CRM", url: URL_A, adopt: String(existing.webhook_id) }));
    expect(calls()).toEqual([`GET /v3/webhooks/${existing.webhook_id}`]);
    emulator().clearRequests();
    await provider.create!(
      await checked({ name: "CRM", url: URL_A, active: false, adopt: String(existing.webhook_id) }),
    );
    expect(
      emulator()
        .requests.filter((request) => request.method !== "GET")
        .map((request) => [request.method, request.body]),
    ).toEqual([["PATCH", { webhook_status: "inactive" }]]);
  });

  it.each([
    ["does not exist", () => {}],
    [
      "was deleted",
      () =>
        void emulator().store.delete(
          emulator().store.insert({ webhook_id: 77, webhook_name: "x", webhook_endpoint: URL_A }).webhook_id,
        ),
    ],
  ])("refuses to adopt a webhook that %s, and writes nothing", async (_name, arrange) => {
    arrange();
    const error = await failure(provider.create!(await checked({ name: "CRM", url: URL_A, adopt: "77" })));
    expect(error.message).toContain("cannot adopt webhook 77");
    expect(emulator().requests.filter((request) => request.method !== "GET")).toEqual([]);
  });

  it("deletes (softly, at Convirza), and deleting what is already gone succeeds", async () => {
    const { id, outs } = await provider.create!(await checked({ name: "CRM", url: URL_A }));
    await provider.delete!(id, outs);
    expect(emulator().store.get(Number(id))?.webhook_status).toBe("deleted");
    await provider.delete!(id, outs);
    expect(
      emulator()
        .requests.filter((request) => request.method === "DELETE")
        .map((request) => request.status),
    ).toEqual([200, 404]);
  });
});
