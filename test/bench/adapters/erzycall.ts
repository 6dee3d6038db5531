import * as path from "node:path";
import { ERZYCALL_TEST_KEY, startErzycallEmulator } from "../../emulators/erzycall";
import { controlsOf, type BenchVendor } from "../bench-vendor";

const erzycallArgs = (index: number, generation: number) => ({
  url: `https://hooks.example.com/bench/${index}`,
  events: generation === 1 ? ["call.ended"] : ["call.ended", "call.failed"],
  description: `bench ${index} generation ${generation}`,
});

export const erzycallWebhook: BenchVendor = {
  vendor: "erzycall",
  resource: "Webhook",
  args: erzycallArgs,
  naiveArgs: erzycallArgs,
  naiveModule: path.join(__dirname, "..", "naive", "erzycall.cjs"),
  // POST, nothing, PATCH, one unpaginated list for the account (no get by id), DELETE.
  floor: {
    create: { perResource: 1 },
    noop: { perResource: 0 },
    update: { perResource: 1 },
    refresh: { perResource: 0, perAccount: 1 },
    delete: { perResource: 1 },
  },
  expectedRequests(n) {
    const writes = {
      create: { "POST /api/v1/webhooks": n },
      noop: {},
      update: { "PATCH /api/v1/webhooks/:id": n },
      delete: { "DELETE /api/v1/webhooks/:id": n },
    };
    return {
      ours: { ...writes, refresh: { "GET /api/v1/webhooks": 1 } },
      naive: { ...writes, refresh: { "GET /api/v1/webhooks": n } },
    };
  },
  async start(n) {
    // The real cap is 5 per organization and 60 requests a minute; the bench needs room for n.
    const emulator = await startErzycallEmulator({
      maxEndpoints: n * 2,
      rateLimit: { perMinute: 1_000_000, perHour: 1_000_000 },
    });
    return {
      config: { "erzycall:apiKey": { __secret: ERZYCALL_TEST_KEY }, "erzycall:baseUrl": emulator.url },
      naiveConfig: { apiKey: ERZYCALL_TEST_KEY, baseUrl: emulator.url },
      ...controlsOf(emulator),
    };
  },
};
