/**
 * converc.Webhook through the real host against Convercs that take the other plausible reading of what the
 * contract marks [assumed]: create answers 200, the list hides disabled endpoints, "every event" reads back
 * omitted, null or as the whole catalogue, a repeat DELETE is refused, a second endpoint for a url is refused,
 * error bodies in other shapes, secrets shown by the list. Each test pins what the provider does: one active
 * endpoint as declared, nothing foreign touched, and an error that says what happened.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CONVERC_DEFAULT_ORG as ORG,
  startConvercEmulator,
  type ConvercEmulator,
  type ConvercEmulatorOptions,
} from "../emulators/converc";
import {
  checkAndCreate,
  fixtureDir,
  serializeResource,
  type HostClient,
  type PropertyMap,
  type SerializedResource,
  urnFor,
} from "../harness";
import { hostFailure } from "../support/failure";
import { hostFor } from "../support/vendor-fixtures";

const URL_A = "https://hooks.example.com/converc/calls";
const FOREIGN = "https://someone-else.example.com/converc";
const HOOKS = "/integrations/webhooks";
const urn = urnFor("converc", "Webhook", "calls");

let webhook: SerializedResource;
const started: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  webhook = await serializeResource(fixtureDir(), {
    module: "converc",
    resource: "Webhook",
    name: "calls",
    args: { url: URL_A, events: ["call.ended"] },
  });
});

afterAll(async () => {
  await Promise.all(started.map((closable) => closable.close()));
});

/** A Converc reading `options`, and a host of its own configured for it (a new `pulumi` run, nothing cached). */
async function against(
  options: ConvercEmulatorOptions,
): Promise<{ emulator: ConvercEmulator; host: HostClient }> {
  const emulator = await startConvercEmulator(options);
  started.push(emulator);
  const host = await hostFor("converc", emulator.url);
  started.push(host);
  return { emulator, host };
}

const active = (emulator: ConvercEmulator) =>
  emulator.store.list(ORG).filter((endpoint) => endpoint.isActive);

/** check, diff and the replacement the engine runs for a changed resource (create first, then delete). */
async function replaceWith(
  host: HostClient,
  created: { id: string; properties: PropertyMap },
  news: PropertyMap,
) {
  const checked = (await host.check(urn, created.properties, news)).inputs;
  expect((await host.diff(created.id, urn, created.properties, checked)).replaces).not.toEqual([]);
  const next = await host.create(urn, checked);
  await host.delete(created.id, urn, created.properties);
  return next;
}

describe("a create answered 200 instead of 201", () => {
  it("creates one endpoint and returns its secret", async () => {
    const { emulator, host } = await against({ createStatus: 200 });
    const created = await checkAndCreate(host, urn, webhook.inputs);
    const [endpoint] = active(emulator);
    expect(created.id).toBe(endpoint?.id);
    expect(created.properties.secret).toBe(endpoint?.secret);
  });
});

describe("a list that leaves disabled endpoints out", () => {
  it("reads an endpoint disabled outside Pulumi as gone, destroys it without error, and replaces without a trace", async () => {
    const { emulator, host } = await against({ listHidesDisabled: true });
    const created = await checkAndCreate(host, urn, webhook.inputs);
    const replaced = await replaceWith(host, created, { ...webhook.inputs, events: ["call.missed"] });
    expect(active(emulator).map((endpoint) => endpoint.id)).toEqual([replaced.id]);
    emulator.store.disable(replaced.id);
    expect((await host.read(replaced.id, urn, replaced.properties, {})).id).toBe("");
    await host.delete(replaced.id, urn, replaced.properties);
    expect(active(emulator)).toEqual([]);
  });
});

describe.each(["omitted", "null", "catalogue"] as const)("every event read back as %s", (shownAs) => {
  it("shows no diff after a refresh, and a lost create answer still leaves one active endpoint", async () => {
    const { emulator, host } = await against({ allEventsShownAs: shownAs });
    const { events: _events, ...everyEvent } = webhook.inputs;
    const created = await checkAndCreate(host, urn, everyEvent);
    expect(created.properties.events).toEqual([]);
    const read = await host.read(created.id, urn, created.properties, created.inputs);
    expect(read.properties.events).toEqual([]);
    expect((await host.diff(created.id, urn, read.properties, created.inputs)).changes).toBe("none");

    emulator.faults.add({ kind: "lost", method: "POST", path: HOOKS });
    const other = await checkAndCreate(host, urnFor("converc", "Webhook", "other"), {
      ...everyEvent,
      url: FOREIGN,
    });
    expect(
      active(emulator)
        .map((endpoint) => endpoint.id)
        .sort(),
    ).toEqual([created.id, other.id].sort());
  });
});

describe.each([400, 404, 409] as const)(
  "a DELETE of an endpoint already disabled that answers %i",
  (status) => {
    it("destroys an endpoint disabled outside Pulumi without an error", async () => {
      const { emulator, host } = await against({ repeatDeleteStatus: status });
      const created = await checkAndCreate(host, urn, webhook.inputs);
      emulator.store.disable(created.id);
      emulator.clearRequests();
      await host.delete(created.id, urn, created.properties);
      expect(emulator.requests.map((request) => `${request.method} ${request.status}`)).toContain(
        `DELETE ${status}`,
      );
      expect(emulator.store.get(created.id)?.isActive).toBe(false);
    });
  },
);

describe("a create refused when an active endpoint has the url", () => {
  it("fails a replacement that keeps the url saying so, and leaves the old endpoint active", async () => {
    const { emulator, host } = await against({ duplicateUrlStatus: 409 });
    const created = await checkAndCreate(host, urn, webhook.inputs);
    const news = (await host.check(urn, created.properties, { ...webhook.inputs, events: ["call.missed"] }))
      .inputs;
    const failed = await hostFailure(host.create(urn, news));
    expect(failed.details).toContain(`HTTP 409 "A webhook for ${URL_A} already exists"`);
    expect(failed.details).toContain("deleteBeforeReplace");
    expect(active(emulator).map((endpoint) => endpoint.id)).toEqual([created.id]);
  });

  it("fails a create beside an endpoint this stack does not hold naming it to adopt, not deleteBeforeReplace", async () => {
    const { emulator, host } = await against({ duplicateUrlStatus: 409 });
    const stranger = emulator.store.insert(ORG, { url: URL_A, events: ["call.missed"] });
    const failed = await hostFailure(checkAndCreate(host, urn, webhook.inputs));
    expect(failed.details).toContain(`HTTP 409 "A webhook for ${URL_A} already exists"`);
    expect(failed.details).toContain(
      `Active endpoint ${stranger.id}, which this run has not seen in the stack's state, already has this url, and this Converc may refuse a second one; take it over with \`adopt: "${stranger.id}"\``,
    );
    expect(failed.details).not.toContain("deleteBeforeReplace");
    expect(active(emulator).map((endpoint) => endpoint.id)).toEqual([stranger.id]);
  });
});

describe.each(["message", "text"] as const)("error bodies as %s", (shape) => {
  it("reports Converc's own words", async () => {
    const { host } = await against({ errorBodyAs: shape, maxEndpoints: 0 });
    const failed = await hostFailure(checkAndCreate(host, urn, webhook.inputs));
    expect(failed.details).toContain("Endpoint limit of 0 reached");
  });
});

describe("a list that shows each endpoint's secret", () => {
  it("adopts an endpoint without taking its secret from the list, and a refresh does not take it either", async () => {
    const { emulator, host } = await against({ listShowsSecret: true });
    const foreign = emulator.store.insert(ORG, { url: URL_A, events: ["call.ended"] });
    const adopted = await checkAndCreate(host, urn, { ...webhook.inputs, adopt: foreign.id });
    expect(adopted.properties.secret).toBeUndefined();
    const read = await host.read(adopted.id, urn, adopted.properties, adopted.inputs);
    expect(read.properties.secret).toBeUndefined();
  });
});
