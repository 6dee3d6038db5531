/**
 * The native plugin's provider configuration over gRPC: CheckConfig names unknown and misspelt keys, DiffConfig
 * never replaces, Configure takes one object per vendor with the environment behind it, and credentials stay out
 * of everything the plugin answers or prints.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ERZYCALL_DEFAULT_ORG,
  ERZYCALL_TEST_KEY,
  startErzycallEmulator,
  type ErzycallEmulator,
} from "../emulators/erzycall";
import {
  cancel,
  checkConfig,
  configureNative,
  diffConfig,
  fixtureDir,
  HostCallError,
  invoke,
  nativeUrn,
  secretArg,
  secretValue,
  startNativeProvider,
  type HostClient,
} from "../harness";

const ORG_B = "org_second";
const KEY_B = "ek_test_secondorganization02";
const urn = nativeUrn("erzycall", "Webhook", "orders");
const declared = { url: "https://hooks.example.com/erzycall/orders", events: ["call.ended"] };

let emulator: ErzycallEmulator;
const started: HostClient[] = [];

async function plugin(env: Record<string, string> = {}): Promise<HostClient> {
  const host = await startNativeProvider(fixtureDir(), {
    env: { PULUMI_WEBHOOKS_RETRY_BASE_MS: "1", ...env },
  });
  started.push(host);
  return host;
}

beforeAll(async () => {
  emulator = await startErzycallEmulator();
  emulator.addKey(KEY_B, { org: ORG_B, scopes: ["*"] });
});

afterAll(async () => {
  await Promise.all(started.map((host) => host.close()));
  await emulator?.close();
});

async function createWith(host: HostClient): Promise<string> {
  const checked = await host.check(urn, {}, declared);
  return (await host.create(urn, checked.inputs)).id;
}

describe("provider configuration of the native plugin", () => {
  let host: HostClient;
  beforeAll(async () => {
    host = await plugin();
  });

  it("CheckConfig names an unknown vendor and a misspelt key, with the key it probably meant", async () => {
    const { failures } = await checkConfig(host, {
      erzycal: { apiKey: "x" },
      erzycall: { apikey: secretValue("x"), baseUrl: emulator.url },
      version: "0.1.0",
    });
    expect(failures).toEqual([
      {
        property: "erzycal",
        reason: expect.stringMatching(
          /^unknown configuration key webhooks:erzycal \(did you mean erzycall\?\)/,
        ),
      },
      {
        property: "erzycall.apikey",
        reason: expect.stringMatching(
          /^unknown configuration key webhooks:erzycall\.apikey \(did you mean apiKey\?\); webhooks:erzycall takes apiKey, baseUrl/,
        ),
      },
    ]);
    expect(
      (await checkConfig(host, { erzycall: { apiKey: secretValue("x"), baseUrl: emulator.url } })).failures,
    ).toEqual([]);
  });

  it("CheckConfig marks credentials secret even when a program passed them plain, so state never holds them in clear", async () => {
    const checked = await checkConfig(host, {
      erzycall: { apiKey: "ek_plain", baseUrl: emulator.url },
      version: "0.1.0",
    });
    expect(checked.inputs).toEqual({
      erzycall: { apiKey: secretValue("ek_plain"), baseUrl: emulator.url },
      version: "0.1.0",
    });
  });

  it("CheckConfig accepts a vendor object set as JSON text and rejects a value that is not a string", async () => {
    expect((await checkConfig(host, { erzycall: JSON.stringify({ apiKey: "x" }) })).failures).toEqual([]);
    expect((await checkConfig(host, { erzycall: { apiKey: 5 } })).failures).toEqual([
      { property: "erzycall.apiKey", reason: "webhooks:erzycall.apiKey must be a string" },
    ]);
  });

  it("DiffConfig reports which vendor's settings changed and never asks for a replacement", async () => {
    const olds = { erzycall: { apiKey: "a", baseUrl: emulator.url } };
    expect(
      await diffConfig(host, olds, { erzycall: { apiKey: secretValue("a"), baseUrl: emulator.url } }),
    ).toMatchObject({ changes: "none", replaces: [] });
    expect(
      await diffConfig(host, olds, {
        erzycall: { apiKey: "b", baseUrl: emulator.url },
        converc: { apiKey: "c" },
      }),
    ).toMatchObject({
      changes: "some",
      replaces: [],
      detailed: { erzycall: "UPDATE", converc: "ADD" },
    });
  });

  it("Configure refuses a misspelt key, naming it", async () => {
    const refused = await configureNative(host, { erzycall: { apiKye: "x" } }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(HostCallError);
    expect((refused as HostCallError).codeName).toBe("INVALID_ARGUMENT");
    expect((refused as HostCallError).details).toContain("webhooks:erzycall.apiKye (did you mean apiKey?)");
  });

  it("uses the provider config's credential, over the environment's", async () => {
    const configured = await plugin({
      ERZYCALL_API_KEY: "ek_wrong_key_from_environment",
      ERZYCALL_BASE_URL: "http://127.0.0.1:9",
    });
    const response = await configureNative(configured, {
      erzycall: { apiKey: secretArg(KEY_B), baseUrl: emulator.url },
    });
    expect(response.getAcceptsecrets()).toBe(true);
    const id = await createWith(configured);
    expect(emulator.store.list(ORG_B).map((endpoint) => endpoint.id)).toEqual([id]);
    expect(configured.output()).not.toContain(KEY_B);
  });

  it("falls back to the environment for a key the provider config leaves out", async () => {
    const fromEnv = await plugin({ ERZYCALL_API_KEY: ERZYCALL_TEST_KEY, ERZYCALL_BASE_URL: emulator.url });
    await configureNative(fromEnv, {});
    const id = await createWith(fromEnv);
    expect(emulator.store.list(ERZYCALL_DEFAULT_ORG).map((endpoint) => endpoint.id)).toContain(id);
  });

  it("names both places when no credential is set, and keeps the credential out of a failed call's error", async () => {
    const bare = await plugin();
    await configureNative(bare, { erzycall: { baseUrl: emulator.url } });
    const missing = await bare
      .create(urn, (await bare.check(urn, {}, declared)).inputs)
      .catch((error: unknown) => error);
    expect((missing as HostCallError).details).toContain(
      "missing credential: set it with `pulumi config set --secret --path webhooks:erzycall.apiKey <value>` or the environment variable ERZYCALL_API_KEY",
    );

    await configureNative(bare, {
      erzycall: { apiKey: secretArg(ERZYCALL_TEST_KEY), baseUrl: "http://127.0.0.1:9" },
    });
    const refused = await bare
      .create(urn, (await bare.check(urn, {}, declared)).inputs)
      .catch((error: unknown) => error);
    expect((refused as HostCallError).details).toContain(
      "could not connect to http://127.0.0.1:9 (ECONNREFUSED); nothing was sent",
    );
    expect((refused as HostCallError).details).toContain(
      "Check the base URL (webhooks:erzycall.baseUrl / ERZYCALL_BASE_URL)",
    );
    expect((refused as HostCallError).details).not.toContain(ERZYCALL_TEST_KEY);
  });

  it("names the setting as the provider config spells it when a base URL is wrong", async () => {
    const wrong = await plugin();
    await configureNative(wrong, {
      erzycall: { apiKey: secretArg(ERZYCALL_TEST_KEY), baseUrl: "http://hooks.example.com" },
    });
    const refused = await wrong
      .create(urn, (await wrong.check(urn, {}, declared)).inputs)
      .catch((error: unknown) => error);
    expect((refused as HostCallError).details).toContain(
      "(from webhooks:erzycall.baseUrl / ERZYCALL_BASE_URL) must use https://",
    );
  });

  it("answers an unknown type or function with the ones it has, and acknowledges Cancel", async () => {
    const wrongType = await host
      .check(nativeUrn("erzycall", "Hook", "x"), {}, declared)
      .catch((error: unknown) => error);
    expect((wrongType as HostCallError).details).toContain(
      "no resource type webhooks:erzycall:Hook; its types are webhooks:converc:Webhook",
    );
    const wrongFunction = await invoke(host, "webhooks:erzycall:getThings", {}).catch(
      (error: unknown) => error,
    );
    expect((wrongFunction as HostCallError).details).toMatch(
      /no function webhooks:erzycall:getThings; its functions are .*webhooks:erzycall:getWebhooks/,
    );
    await cancel(host);
  });
});
