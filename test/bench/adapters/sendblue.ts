import * as path from "node:path";
import {
  SENDBLUE_TEST_KEY_ID,
  SENDBLUE_TEST_SECRET_KEY,
  startSendblueEmulator,
} from "../../emulators/sendblue";
import { controlsOf, type BenchVendor } from "../bench-vendor";

const sendblueArgs = (index: number, generation: number) => ({
  type: "receive",
  url: `https://hooks.example.com/bench/${index}`,
  // A new secret keeps type and url: Sendblue has no entry update, so this replaces (delete, then add).
  secret: `bench-secret-${index}-generation-${generation}`,
});

export const sendblueWebhook: BenchVendor = {
  vendor: "sendblue",
  resource: "Webhook",
  args: sendblueArgs,
  naiveArgs: sendblueArgs,
  naiveModule: path.join(__dirname, "..", "naive", "sendblue.cjs"),
  // POST (append); nothing; DELETE then POST; one GET of the account document; DELETE.
  floor: {
    create: { perResource: 1 },
    noop: { perResource: 0 },
    update: { perResource: 2 },
    refresh: { perResource: 0, perAccount: 1 },
    delete: { perResource: 1 },
  },
  expectedRequests(n) {
    const path = "/api/v2/account/webhooks";
    return {
      // Writes to the account are batched: what waits while one write is in flight goes in the next one (one DELETE
      // and one POST per type). A POST is confirmed by its answer; a DELETE by a read-back GET, except the DELETE of a
      // replacement, which the replacement's POST answer confirms. A look GET precedes a batch of creates unless the
      // view of the list serves (the last POST's answer; for a replacement, what this process knows), so how many
      // depends on timing.
      ours: {
        create: { [`GET ${path}`]: [1, n], [`POST ${path}`]: [1, n] },
        noop: {},
        update: { [`GET ${path}`]: [0, 3 * n], [`DELETE ${path}`]: [1, n], [`POST ${path}`]: [1, n] },
        refresh: { [`GET ${path}`]: 1 },
        delete: { [`GET ${path}`]: [1, n], [`DELETE ${path}`]: [1, n] },
      },
      naive: {
        create: { [`POST ${path}`]: n },
        noop: {},
        update: { [`DELETE ${path}`]: n, [`POST ${path}`]: n },
        refresh: { [`GET ${path}`]: n },
        delete: { [`DELETE ${path}`]: n },
      },
    };
  },
  async start() {
    const emulator = await startSendblueEmulator();
    return {
      config: {
        "sendblue:apiKeyId": SENDBLUE_TEST_KEY_ID,
        "sendblue:apiSecretKey": { __secret: SENDBLUE_TEST_SECRET_KEY },
        "sendblue:baseUrl": emulator.url,
      },
      naiveConfig: {
        apiKeyId: SENDBLUE_TEST_KEY_ID,
        apiSecretKey: SENDBLUE_TEST_SECRET_KEY,
        baseUrl: emulator.url,
      },
      ...controlsOf(emulator),
    };
  },
};
