/**
 * How the reliability suite drives each vendor: one entry per resource type, each starting its emulator and saying
 * what N declared resources look like and whether a vendor object matches its declaration. A vendor joins the
 * suite (tests and `npm run test:reliability`) by adding an entry to RELIABILITY_VENDORS.
 */
import type { FaultInjector, LoggedRequest } from "../emulators/core";
import { ERZYCALL_DEFAULT_ORG, ERZYCALL_TEST_KEY, startErzycallEmulator } from "../emulators/erzycall";
import type { StackConfig } from "../harness";

/** One object at the vendor, reduced to what the suite compares. */
export interface VendorObject {
  id: string;
  /** What identifies the declared resource it belongs to and never changes across generations (e.g. its url). */
  key: string;
}

export interface VendorRun {
  /** Stack config that points the provider at the emulator. */
  config: StackConfig;
  faults: FaultInjector;
  requests(): readonly Readonly<LoggedRequest>[];
  /** Everything at the vendor now, read from the emulator's store (no HTTP, no faults). */
  objects(): VendorObject[];
  /** Every credential in `config`, and every vendor-issued secret the vendor holds now: none may leak. */
  sentinels(): string[];
  /** True when the vendor object with this id is what resource `index` declares in `generation`. */
  matches(id: string, index: number, generation: number): boolean;
  close(): Promise<void>;
}

export interface VendorUnderTest {
  /** "erzycall", also the SDK namespace. */
  vendor: string;
  /** The SDK class in that namespace. */
  resource: string;
  /** The args of resource `index` in `generation` (1 on create; 2 after the update step). */
  args(index: number, generation: number): Record<string, unknown>;
  /** The key `objects()` reports for resource `index`. */
  key(index: number): string;
  start(n: number): Promise<VendorRun>;
}

const erzycallWebhook: VendorUnderTest = {
  vendor: "erzycall",
  resource: "Webhook",
  args: (index, generation) => ({
    url: `https://hooks.example.com/reliability/${index}`,
    events: generation === 1 ? ["call.ended"] : ["call.ended", "call.failed"],
    description: `reliability ${index} generation ${generation}`,
  }),
  key: (index) => `https://hooks.example.com/reliability/${index}`,
  async start(n) {
    // The real cap is 5 per organization; the suite needs room for n (and would see any duplicate).
    const emulator = await startErzycallEmulator({ maxEndpoints: n * 3 });
    return {
      config: { "erzycall:apiKey": { __secret: ERZYCALL_TEST_KEY }, "erzycall:baseUrl": emulator.url },
      faults: emulator.faults,
      requests: () => emulator.requests,
      objects: () => emulator.store.list(ERZYCALL_DEFAULT_ORG).map((endpoint) => ({ id: endpoint.id, key: endpoint.url })),
      sentinels: () => [ERZYCALL_TEST_KEY, ...emulator.store.list(ERZYCALL_DEFAULT_ORG).map((endpoint) => endpoint.secret)],
      matches(id, index, generation) {
        const endpoint = emulator.store.get(id);
        const declared = erzycallWebhook.args(index, generation);
        return (
          endpoint !== undefined &&
          endpoint.url === declared.url &&
          JSON.stringify([...endpoint.events].sort()) === JSON.stringify(declared.events) &&
          endpoint.description === declared.description &&
          endpoint.isActive
        );
      },
      close: () => emulator.close(),
    };
  },
};

export const RELIABILITY_VENDORS: VendorUnderTest[] = [erzycallWebhook];
