import * as path from "node:path";
import { CONVIRZA_TEST_TOKEN, startConvirzaEmulator } from "../../emulators/convirza";
import { controlsOf, type BenchVendor } from "../bench-vendor";

const convirzaArgs = (index: number, generation: number) => ({
  name: `bench ${index}`,
  url: `https://hooks.example.com/bench/${index}`,
  format: generation === 1 ? "JSON" : "XML",
  description: `bench ${index} generation ${generation}`,
});

export const convirzaWebhook: BenchVendor = {
  vendor: "convirza",
  resource: "Webhook",
  args: convirzaArgs,
  naiveArgs: convirzaArgs,
  naiveModule: path.join(__dirname, "..", "naive", "convirza.cjs"),
  // Create and update answer only the id: a GET follows each. The list is offset-paged (1000 a page) with full records.
  floor: {
    create: { perResource: 2 },
    noop: { perResource: 0 },
    update: { perResource: 2 },
    refresh: { perResource: 0, perAccount: 1, pageSize: 1000 },
    delete: { perResource: 1 },
  },
  expectedRequests(n) {
    const common = { noop: {}, delete: { "DELETE /v3/webhooks/:id": n } };
    return {
      // Refresh shares one walk of the offset-paged list (1000 a page); a GET by id only for what it does not hold.
      ours: {
        ...common,
        // Creates share one walk of the list of what existed before (createOnce's matchingBefore), kept a few
        // seconds and not invalidated by this process's own creates: one per step (per 1000), or more on a slow run.
        create: {
          "GET /v3/webhooks": [1, 2 * Math.ceil(n / 1000)],
          "POST /v3/webhooks": n,
          "GET /v3/webhooks/:id": n,
        },
        update: { "PATCH /v3/webhooks/:id": n, "GET /v3/webhooks/:id": n },
        refresh: { "GET /v3/webhooks": Math.max(1, Math.ceil(n / 1000)) },
      },
      naive: {
        ...common,
        create: { "POST /v3/webhooks": n },
        update: { "PUT /v3/webhooks/:id": n },
        refresh: { "GET /v3/webhooks/:id": n },
      },
    };
  },
  async start() {
    const emulator = await startConvirzaEmulator();
    return {
      config: { "convirza:token": { __secret: CONVIRZA_TEST_TOKEN }, "convirza:baseUrl": emulator.url },
      naiveConfig: { token: CONVIRZA_TEST_TOKEN, baseUrl: emulator.url },
      ...controlsOf(emulator),
    };
  },
};
