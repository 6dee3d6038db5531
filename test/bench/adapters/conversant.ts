import * as path from "node:path";
import {
  CONVERSANT_TEST_ACCOUNT,
  CONVERSANT_TEST_TOKEN,
  startConversantEmulator,
} from "../../emulators/conversant";
import { RATE_LIMIT } from "../../../provider/conversant/client";
import { controlsOf, type BenchVendor } from "../bench-vendor";

const conversantArgs = (index: number, generation: number) => ({
  name: `bench ${index}`,
  url: `https://hooks.example.com/bench/${index}`,
  hook: "channel_destroy",
  retries: generation === 1 ? 2 : 4,
  customData: { generation: String(generation) },
});

export const conversantWebhook: BenchVendor = {
  vendor: "conversant",
  resource: "Webhook",
  args: conversantArgs,
  naiveArgs: conversantArgs,
  naiveModule: path.join(__dirname, "..", "naive", "conversant.cjs"),
  // Our provider keeps Crossbar's bucket whatever the emulator enforces (the naive peer ignores it).
  limitFloorMs(requests) {
    const bucket = RATE_LIMIT.bucket!;
    return (Math.max(0, requests - bucket.capacity) / bucket.refillPerSecond) * 1000;
  },
  // PUT (after one list of what exists, shared by the step's creates); nothing; POST (full replace); a GET per
  // resource (the v1 list holds summaries only); DELETE.
  floor: {
    create: { perResource: 1 },
    noop: { perResource: 0 },
    update: { perResource: 1 },
    refresh: { perResource: 1 },
    delete: { perResource: 1 },
  },
  expectedRequests(n) {
    const hooks = `/v1/accounts/${CONVERSANT_TEST_ACCOUNT}/webhooks`;
    const common = {
      create: { [`PUT ${hooks}`]: n },
      noop: {},
      refresh: { [`GET ${hooks}/:id`]: n },
      delete: { [`DELETE ${hooks}/:id`]: n },
    };
    return {
      // Update reads the document before its full-replace POST, to keep fields the resource does not model (the
      // README's Performance section says why PATCH is not used instead).
      // Creates share one list of what existed before (createOnce's matchingBefore), kept a few seconds: one per
      // step, or more on a slow run.
      ours: {
        ...common,
        create: { [`GET ${hooks}`]: [1, 2], [`PUT ${hooks}`]: n },
        update: { [`GET ${hooks}/:id`]: n, [`POST ${hooks}/:id`]: n },
      },
      naive: { ...common, update: { [`POST ${hooks}/:id`]: n } },
    };
  },
  async start() {
    const emulator = await startConversantEmulator();
    return {
      config: {
        "conversant:authToken": { __secret: CONVERSANT_TEST_TOKEN },
        "conversant:accountId": CONVERSANT_TEST_ACCOUNT,
        "conversant:baseUrl": emulator.url,
      },
      naiveConfig: {
        authToken: CONVERSANT_TEST_TOKEN,
        accountId: CONVERSANT_TEST_ACCOUNT,
        baseUrl: emulator.url,
      },
      ...controlsOf(emulator),
    };
  },
};
