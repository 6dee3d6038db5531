import * as path from "node:path";
import { CONVERC_TEST_KEY, startConvercEmulator } from "../../emulators/converc";
import { controlsOf, type BenchVendor } from "../bench-vendor";

const convercArgs = (index: number, generation: number) => ({
  url: `https://hooks.example.com/bench/${index}`,
  // Converc cannot update in place: generation 2 replaces every webhook.
  events: generation === 1 ? ["call.ended"] : ["call.ended", "call.missed"],
});

export const convercWebhook: BenchVendor = {
  vendor: "converc",
  resource: "Webhook",
  args: convercArgs,
  naiveArgs: convercArgs,
  naiveModule: path.join(__dirname, "..", "naive", "converc.cjs"),
  updateReplaces: true,
  // POST; nothing; replace = POST the new one, then DELETE (disable) the old one; one unpaginated list; DELETE.
  floor: {
    create: { perResource: 1 },
    noop: { perResource: 0 },
    update: { perResource: 2 },
    refresh: { perResource: 0, perAccount: 1 },
    delete: { perResource: 1 },
  },
  expectedRequests(n) {
    const writes = {
      noop: {},
      delete: { "DELETE /integrations/webhooks/:id": n },
    };
    return {
      ours: {
        ...writes,
        // Creates share one "what existed before" list (createOnce's matchingBefore), kept a few seconds and not
        // invalidated by this process's own creates: one per step, or none when the last step's is still fresh.
        create: { "GET /integrations/webhooks": [1, 2], "POST /integrations/webhooks": n },
        update: {
          "GET /integrations/webhooks": [0, 2],
          "POST /integrations/webhooks": n,
          "DELETE /integrations/webhooks/:id": n,
        },
        refresh: { "GET /integrations/webhooks": 1 },
      },
      naive: {
        ...writes,
        create: { "POST /integrations/webhooks": n },
        update: { "POST /integrations/webhooks": n, "DELETE /integrations/webhooks/:id": n },
        refresh: { "GET /integrations/webhooks": n },
      },
    };
  },
  async start() {
    const emulator = await startConvercEmulator();
    return {
      config: { "converc:apiKey": { __secret: CONVERC_TEST_KEY }, "converc:baseUrl": emulator.url },
      naiveConfig: { apiKey: CONVERC_TEST_KEY, baseUrl: emulator.url },
      ...controlsOf(emulator),
    };
  },
};
