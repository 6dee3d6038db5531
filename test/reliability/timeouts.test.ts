/**
 * A vendor that stops answering: the request timeout cuts it off with a clear error, a keyed write is repeated
 * safely, and anything made before the hang is reported to the engine (a partial failure carrying the id).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { webhookProvider } from "../../provider/erzycall/provider";
import { ERZYCALL_DEFAULT_ORG, ERZYCALL_TEST_KEY, startErzycallEmulator, type ErzycallEmulator } from "../emulators/erzycall";

let emulator: ErzycallEmulator;
const inputs = { url: "https://hooks.example.com/timeouts", events: ["call.ended"], active: true };

beforeEach(async () => {
  emulator = await startErzycallEmulator();
  vi.stubEnv("ERZYCALL_API_KEY", ERZYCALL_TEST_KEY);
  vi.stubEnv("ERZYCALL_BASE_URL", emulator.url);
  vi.stubEnv("PULUMI_WEBHOOKS_HTTP_TIMEOUT_MS", "200");
  vi.stubEnv("PULUMI_WEBHOOKS_RETRY_BASE_MS", "1");
  vi.stubEnv("PULUMI_WEBHOOKS_MAX_RETRIES", "1");
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await emulator.close();
});

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as Error & { id?: string; properties?: Record<string, unknown> });

describe("erzycall.Webhook when Erzycall hangs", () => {
  it("repeats a create cut off by the timeout under the same Idempotency-Key, making one endpoint", async () => {
    emulator.faults.add({ kind: "hang", method: "POST", path: "/api/v1/webhooks" });
    const { id } = await webhookProvider.create!(inputs);
    expect(emulator.store.list(ERZYCALL_DEFAULT_ORG).map((endpoint) => endpoint.id)).toEqual([id]);
    const posts = emulator.requests.filter((request) => request.method === "POST");
    expect(posts.map((request) => request.headers["idempotency-key"])).toEqual([posts[0]?.headers["idempotency-key"], posts[0]?.headers["idempotency-key"]]);
  });

  it("gives up with one clear line naming the timeout and its setting when the vendor never answers", async () => {
    emulator.faults.add({ kind: "hang", method: "POST", path: "/api/v1/webhooks", times: Infinity });
    const error = await failure(webhookProvider.create!(inputs));
    expect(error?.message).toMatch(/^Erzycall create webhook failed: no response from http:\/\/127\.0\.0\.1:\d+ within 200 ms \(PULUMI_WEBHOOKS_HTTP_TIMEOUT_MS\)/);
    expect(error?.message).not.toContain("\n");
  });

  it("reports an endpoint created before the hang as a partial failure with its id", async () => {
    emulator.faults.add({ kind: "hang", method: "PATCH", times: Infinity });
    const error = await failure(webhookProvider.create!({ ...inputs, active: false }));
    const [endpoint] = emulator.store.list(ERZYCALL_DEFAULT_ORG);
    expect(error?.name).toBe("ResourceInitError");
    expect(error?.id).toBe(endpoint?.id);
    expect(error?.properties).toMatchObject({ url: inputs.url, secret: endpoint?.secret });
    expect(error?.message).toMatch(/update webhook failed: no response .* within 200 ms/);
  });
});
