/**
 * A misspelt config key under a vendor's namespace, through the real dynamic-provider host: the engine hands
 * the whole stack config to `configure`, and the first operation that reads the vendor's settings fails naming
 * the key and the closest one the provider reads, before any request (the fallback would have been the
 * production URL). Each case is a fresh host, as each `pulumi up` is: configure runs once per host.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  ERZYCALL_DEFAULT_ORG,
  ERZYCALL_TEST_KEY,
  startErzycallEmulator,
  type ErzycallEmulator,
} from "../emulators/erzycall";
import {
  checkAndCreate,
  fixtureDir,
  HostCallError,
  secretArg,
  serializeResource,
  startHost,
  type HostClient,
  type SerializedResource,
  urnFor,
} from "../harness";

let emulator: ErzycallEmulator;
let webhook: SerializedResource;
let host: HostClient | undefined;
const urn = urnFor("erzycall", "Webhook", "orders");

beforeAll(async () => {
  emulator = await startErzycallEmulator();
  webhook = await serializeResource(fixtureDir(), {
    module: "erzycall",
    resource: "Webhook",
    name: "orders",
    args: { url: "https://hooks.example.com/e", events: ["call.ended"] },
  });
});

afterEach(async () => {
  await host?.close();
  host = undefined;
  emulator.clearRequests();
});

afterAll(async () => {
  await emulator?.close();
});

/** A host whose stack config is `config`; the environment points at the emulator, so a mistake cannot reach a real vendor. */
async function hostWith(
  config: Record<string, string | ReturnType<typeof secretArg<string>>>,
): Promise<HostClient> {
  host = await startHost(fixtureDir(), {
    env: { ERZYCALL_BASE_URL: emulator.url, PULUMI_WEBHOOKS_RETRY_BASE_MS: "1" },
  });
  await host.configure(config);
  return host;
}

async function createFailure(client: HostClient): Promise<HostCallError> {
  const failure = await checkAndCreate(client, urn, webhook.inputs).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(HostCallError);
  return failure as HostCallError;
}

describe("a config key under a vendor's namespace that the provider does not read", () => {
  it("erzycall:baseURL fails the create naming the key and erzycall:baseUrl, before any request", async () => {
    const client = await hostWith({
      "erzycall:apiKey": secretArg(ERZYCALL_TEST_KEY),
      "erzycall:baseURL": "http://127.0.0.1:1",
    });
    const failure = await createFailure(client);
    expect(failure.details).toBe(
      "Erzycall configuration failed: unknown config key erzycall:baseURL; did you mean erzycall:baseUrl? The provider reads erzycall:apiKey, erzycall:baseUrl; remove the key with `pulumi config rm erzycall:baseURL`",
    );
    expect(emulator.requests).toEqual([]);
    expect(emulator.store.list(ERZYCALL_DEFAULT_ORG)).toEqual([]);
  });

  it("erzycall:apikey is named as unknown (not reported as a missing key), and its value is not printed", async () => {
    const client = await hostWith({ "erzycall:apikey": secretArg(ERZYCALL_TEST_KEY) });
    const failure = await createFailure(client);
    expect(failure.details).toMatch(
      /^Erzycall configuration failed: unknown config key erzycall:apikey; did you mean erzycall:apiKey\?/,
    );
    expect(failure.details).not.toContain("missing credential");
    expect(failure.details).not.toContain(ERZYCALL_TEST_KEY);
    expect(emulator.requests).toEqual([]);
  });

  it("names every unknown key of the namespace", async () => {
    const client = await hostWith({
      "erzycall:apiKey": secretArg(ERZYCALL_TEST_KEY),
      "erzycall:baseurl": "x",
      "erzycall:apiSecret": "y",
    });
    const failure = await createFailure(client);
    expect(failure.details).toMatch(
      /unknown config key erzycall:apiSecret; did you mean erzycall:apiKey\? \(also unknown: erzycall:baseurl\)/,
    );
  });

  it("leaves other namespaces alone: the project's own keys, other providers', another vendor's", async () => {
    const client = await hostWith({
      "erzycall:apiKey": secretArg(ERZYCALL_TEST_KEY),
      "pulumi-webhooks-test:receiverUrl": "https://hooks.example.com/e",
      "aws:region": "eu-west-1",
      "converc:apikey": "only a Converc resource would read this",
    });
    const created = await checkAndCreate(client, urn, webhook.inputs);
    expect(created.id).toBe(emulator.store.list(ERZYCALL_DEFAULT_ORG)[0]?.id);
  });

  it("leaves the namespace alone when it is the project's own name", async () => {
    host = await startHost(fixtureDir(), { project: "erzycall", env: { ERZYCALL_BASE_URL: emulator.url } });
    await host.configure({
      "erzycall:apiKey": secretArg(ERZYCALL_TEST_KEY),
      "erzycall:receiverUrl": "https://hooks.example.com/e",
    });
    const created = await checkAndCreate(host, urn, webhook.inputs);
    expect(created.id).toMatch(/^wh_/);
  });
});
