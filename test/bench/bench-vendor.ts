/**
 * What a vendor's bench adapter says: how to start its emulator, what N declared resources look like, how many
 * round trips the vendor API needs per step (the floor), which requests each step must send, and where its naive
 * peer lives.
 */
import type { VendorId } from "../../provider/manifest";
import type { FaultInjector, LoggedRequest } from "../emulators/core";
import type { StackConfig } from "../harness";

export type BenchStep = "create" | "noop" | "update" | "refresh" | "delete";
export const BENCH_STEPS: readonly BenchStep[] = ["create", "noop", "update", "refresh", "delete"];

/**
 * The minimum the vendor API requires for one step: `perResource` round trips that each resource needs one after
 * another (they run 16 at a time), plus `perAccount` round trips for the whole account, one after another (a list
 * call: one per page). `pageSize` (requests per page) makes `perAccount` grow with N; absent = one page.
 */
export interface StepFloor {
  perResource: number;
  perAccount?: number;
  pageSize?: number;
}

export type ExpectedCount = number | [min: number, max: number];

export interface BenchEmulator {
  /** Stack config that points our provider at the emulator. */
  config: StackConfig;
  /** Plain values the naive peer captures in its closure (base URL, credentials), as a user program would. */
  naiveConfig: Record<string, string>;
  faults: FaultInjector;
  requests(): readonly Readonly<LoggedRequest>[];
  connectionsOpened(): number;
  close(): Promise<void>;
}

export interface BenchVendor {
  /** "erzycall", also the SDK namespace. */
  vendor: VendorId;
  /** The SDK class in that namespace. */
  resource: string;
  /**
   * The args of resource `index` in `generation` (1 on create; 2 in the update step). Plain JSON, no secrets. Where
   * the vendor cannot update in place, generation 2 replaces: the driver then creates the replacement and deletes the
   * old object at the end of the step, as the engine does, and the update floor counts both round trips.
   */
  args(index: number, generation: number): Record<string, unknown>;
  /** The same resource as the naive peer's inputs (its own field names, if they differ). */
  naiveArgs(index: number, generation: number): Record<string, unknown>;
  /** The naive peer: a CommonJS module exporting `makeProvider(naiveConfig)`. */
  naiveModule: string;
  floor: Record<BenchStep, StepFloor>;
  /**
   * Our update step is a replacement (create the new object, delete the old one at the end of the step): the
   * real-CLI bench's null provider then replaces too, so its time is the engine's own cost of a replacement.
   */
  updateReplaces?: boolean;
  /**
   * The least time the vendor's documented rate limit allows for `requests` requests in one step, when our provider
   * keeps that limit whatever the emulator enforces (a step starts with the allowance full: every command is a new
   * provider process). The real-CLI bench's floor is then the larger of this and the network floor.
   */
  limitFloorMs?(requests: number): number;
  /**
   * The requests each step must send at size n, per method and path shape (ids as `:id`), for our provider and for
   * the naive peer: test/bench/bench.test.ts asserts them at a tiny N, exactly, or within `[min, max]` where the
   * count depends on timing (a list shared by whichever calls overlap).
   */
  expectedRequests(n: number): Record<"ours" | "naive", Record<BenchStep, Record<string, ExpectedCount>>>;
  start(n: number): Promise<BenchEmulator>;
}

/** What every emulator offers under the same names: the driver's view of its faults, requests and connections. */
export function controlsOf(emulator: {
  faults: FaultInjector;
  readonly requests: readonly Readonly<LoggedRequest>[];
  readonly connectionsOpened: number;
  close(): Promise<void>;
}): Pick<BenchEmulator, "faults" | "requests" | "connectionsOpened" | "close"> {
  return {
    faults: emulator.faults,
    requests: () => emulator.requests,
    connectionsOpened: () => emulator.connectionsOpened,
    close: () => emulator.close(),
  };
}
