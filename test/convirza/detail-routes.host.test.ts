/**
 * convirza.Webhook through the real host when a per-webhook call is not served at the path this package assumes
 * (`/webhooks/{id}`: Convirza's pages for get, update and delete could not be read). A 404 there while the list
 * still shows the webhook is a missing path, not a missing webhook: a create reads the webhook from the list, an
 * update fails saying so, and a destroy never reports a webhook deleted that is still there.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConvirzaEmulator, type ConvirzaEmulator } from "../emulators/convirza";
import {
  checkAndCreate,
  fixtureDir,
  HostCallError,
  serializeResource,
  startHost,
  type HostClient,
  type SerializedResource,
  urnFor,
} from "../harness";
import { testConfig, QUICK_RETRIES_NO_LIST_CACHE } from "../support/vendor-fixtures";

const urn = urnFor("convirza", "Webhook", "calls");
const args = { name: "Call sync", url: "https://hooks.example.com/convirza/calls", description: "first" };

let webhook: SerializedResource;
let emulator: ConvirzaEmulator;
let host: HostClient;

beforeAll(async () => {
  webhook = await serializeResource(fixtureDir(), {
    module: "convirza",
    resource: "Webhook",
    name: "calls",
    args,
  });
  emulator = await startConvirzaEmulator({ detailRoutes: ["PUT"] });
  host = await startHost(fixtureDir(), { env: QUICK_RETRIES_NO_LIST_CACHE });
  await host.configure(testConfig("convirza", emulator.url));
});

afterAll(async () => {
  await host?.close();
  await emulator?.close();
});

const live = () => emulator.store.list().filter((stored) => stored.webhook_status !== "deleted");

describe("convirza.Webhook through the real host, when GET, PATCH and DELETE are not served at /webhooks/{id}", () => {
  let created: Awaited<ReturnType<typeof checkAndCreate>>;

  it("creates, reading the new webhook from the list when GET /webhooks/{id} answers 404", async () => {
    created = await checkAndCreate(host, urn, webhook.inputs);
    expect(live().map((stored) => String(stored.webhook_id))).toEqual([created.id]);
    expect(created.properties).toMatchObject({ name: "Call sync", description: "first", active: true });
    expect(created.properties.createdBy).toBeDefined();
  });

  it("fails an update whose PATCH answers 404 while the list shows the webhook, saying the path is missing", async () => {
    const news = (await host.check(urn, created.properties, { ...webhook.inputs, description: "second" }))
      .inputs;
    const failure = await host
      .update(created.id, urn, created.properties, news)
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HostCallError);
    const { details } = failure as HostCallError;
    expect(details).toMatch(
      new RegExp(
        `^Convirza update webhook failed: Convirza answered 404 to PATCH /webhooks/${created.id} although its list shows webhook ${created.id}: .*the webhook was not changed`,
      ),
    );
    expect(details).not.toContain("deleted outside Pulumi");
    expect(live()[0]?.description).toBe("first");
  });

  it("never reports a destroy done when DELETE answers 404 and the list still shows the webhook", async () => {
    const failure = await host.delete(created.id, urn, created.properties).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HostCallError);
    expect((failure as HostCallError).details).toMatch(
      new RegExp(
        `^Convirza delete webhook failed: Convirza answered 404 to DELETE /webhooks/${created.id} although its list shows webhook ${created.id}: .*the webhook was not deleted`,
      ),
    );
    expect(live()).toHaveLength(1);
  });

  it("still takes a 404 on DELETE as already gone when the list does not show the webhook", async () => {
    emulator.store.delete(Number(created.id));
    await host.delete(created.id, urn, created.properties);
  });
});
