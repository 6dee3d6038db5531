/**
 * sendblue.WebhookConfiguration through the real host against an emulator as strict as the v2 reference model:
 * `typing_indicator` is an unknown type on the `/api/v2` path, and a PUT that leaves out the legacy account secret
 * keeps it. An undeclared legacy secret is left alone and nothing undeclared is sent; a declared one is a secret
 * input and output that the resource writes and reads back.
 */
import { describe, expect, it } from "vitest";
import {
  SENDBLUE_DEFAULT_ACCOUNT as ACCOUNT,
  startSendblueEmulator,
  type SendblueEmulator,
} from "../emulators/sendblue";
import {
  checkAndCreate,
  secretArg,
  type HostClient,
  type PropertyMap,
  type SerializedResource,
  urnFor,
} from "../harness";
import { useHostSuite, QUICK_RETRIES_NO_LIST_CACHE } from "../support/vendor-fixtures";

const URL_A = "https://hooks.example.com/sendblue/a";
const LEGACY = "legacy-account-secret-4444";
const DECLARED_LEGACY = "declared-legacy-secret-5555";
const EMPTY_V2 = {
  receive: [],
  outbound: [],
  call_log: [],
  line_blocked: [],
  line_assigned: [],
  contact_created: [],
};

let emulator: SendblueEmulator;
let host: HostClient;
let undeclared: SerializedResource;
let declared: SerializedResource;
const urn = urnFor("sendblue", "WebhookConfiguration", "account");

useHostSuite(
  {
    vendor: "sendblue",
    start: () => startSendblueEmulator({ strictV2Model: true, putKeepsLegacySecret: true }),
    resources: [
      { module: "sendblue", resource: "WebhookConfiguration", name: "account", args: { receive: [URL_A] } },
      {
        module: "sendblue",
        resource: "WebhookConfiguration",
        name: "declared",
        args: { receive: [URL_A], legacySecret: secretArg(DECLARED_LEGACY) },
      },
    ],
    hostEnv: QUICK_RETRIES_NO_LIST_CACHE,
  },
  (suite) =>
    void ({
      emulator,
      host,
      resources: [undeclared, declared],
    } = suite),
);

const writes = () =>
  emulator.requests
    .filter((request) => request.method !== "GET")
    .map((request) => [request.method, request.body]);

describe("sendblue.WebhookConfiguration through the real host › the documented v2 model", () => {
  let state: PropertyMap;

  it("leaves an undeclared legacy secret alone, sends no typing_indicator, and settles with one PUT", async () => {
    emulator.store.replace(ACCOUNT, { secret: LEGACY });
    const created = await checkAndCreate(host, urn, undeclared.inputs);
    state = created.properties;
    expect(writes()).toEqual([["PUT", { webhooks: { ...EMPTY_V2, receive: [URL_A] } }]]);
    expect(emulator.store.document(ACCOUNT)).toMatchObject({ receive: [URL_A], secret: LEGACY });
    expect(state).not.toHaveProperty("legacySecret");
  });

  it("shows no diff after a refresh, so no up rewrites it", async () => {
    const refreshed = await host.read("account", urn, state, created(state));
    expect(refreshed.properties).not.toHaveProperty("legacySecret");
    const news = (await host.check(urn, refreshed.inputs ?? {}, undeclared.inputs)).inputs;
    expect((await host.diff("account", urn, refreshed.properties, news)).changes).toBe("none");
  });

  it("destroys with one PUT and still leaves the legacy secret", async () => {
    emulator.clearRequests();
    await host.delete("account", urn, state);
    expect(writes()).toEqual([["PUT", { webhooks: EMPTY_V2 }]]);
    expect(emulator.store.document(ACCOUNT).secret).toBe(LEGACY);
  });

  it("manages a declared legacy secret as a secret input and output", async () => {
    expect(declared.secretInputPaths).toEqual(["legacySecret"]);
    expect(declared.additionalSecretOutputs).toContain("legacySecret");
    emulator.clearRequests();
    const declaredUrn = urnFor("sendblue", "WebhookConfiguration", "declared");
    const created = await checkAndCreate(host, declaredUrn, { ...declared.inputs, adopt: true });
    expect(writes()).toEqual([
      ["PUT", { webhooks: { ...EMPTY_V2, receive: [URL_A], secret: DECLARED_LEGACY } }],
    ]);
    expect(created.properties).toMatchObject({ legacySecret: DECLARED_LEGACY });
    emulator.store.replace(ACCOUNT, { ...emulator.store.document(ACCOUNT), secret: "rotated-in-dashboard" });
    const refreshed = await host.read("account", declaredUrn, created.properties, created.inputs);
    expect(refreshed.properties).toMatchObject({ legacySecret: "rotated-in-dashboard" });
    expect((await host.diff("account", declaredUrn, refreshed.properties, created.inputs)).changes).toBe(
      "some",
    );
    await host.update("account", declaredUrn, refreshed.properties, created.inputs);
    expect(emulator.store.document(ACCOUNT).secret).toBe(DECLARED_LEGACY);
    for (const secret of [DECLARED_LEGACY, LEGACY, "rotated-in-dashboard"])
      expect(host.output()).not.toContain(secret);
  });
});

/** The inputs a refresh is given: the outputs without the provider. */
function created(state: PropertyMap): PropertyMap {
  const { __provider: _provider, ...inputs } = state;
  return inputs;
}
