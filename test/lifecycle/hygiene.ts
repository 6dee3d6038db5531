/**
 * The secret-hygiene steps every lifecycle test runs (see sentinels.ts for what is looked for and where).
 */
import { expect, it } from "vitest";
import type { FaultInjector } from "../emulators/core";
import type { Lifecycle } from "./engine";
import { echoSentinels, findLeaks, LEAK_KNOWN_BUGS, type TextMark } from "./sentinels";

/**
 * The failing paths, once per lifecycle test: a refresh (every read fails) and a destroy (the first delete fails)
 * against vendors each echoing its own sentinels (a vendor can only echo what it was sent or issued). Both must fail, and leave the stack as it was for the steps after.
 */
export async function failAgainstEchoingVendor(stack: Lifecycle, vendors: ReadonlyArray<{ faults: FaultInjector; sentinels: readonly string[] }>): Promise<void> {
  const calms = vendors.map((vendor) => echoSentinels(vendor.faults, vendor.sentinels));
  const before = stack.state.saved();
  const errorsBefore = stack.errors.length;
  try {
    await expect(stack.refresh()).rejects.toThrow();
    await expect(stack.destroy()).rejects.toThrow();
  } finally {
    calms.forEach((calm) => calm());
  }
  const errors = stack.errors.slice(errorsBefore);
  expect(errors.length).toBeGreaterThan(2);
  // The echo reached the error text, where redaction removed it: the check below then means something.
  expect(errors.some((text) => text.includes("[redacted]"))).toBe(true);
  expect(JSON.parse(stack.state.saved()).resources.map((record: { id: string }) => record.id)).toEqual(JSON.parse(before).resources.map((record: { id: string }) => record.id));
}

/** The one leak assertion every lifecycle test makes; `since` skips text a known limit already spoiled. */
export function expectNoLeaks(stack: Lifecycle, sentinels: readonly string[], since?: TextMark): void {
  expect(sentinels.length).toBeGreaterThan(0);
  expect(findLeaks(stack, sentinels, since)).toEqual([]);
}

/** `it`, or `it.fails` with the limit in the name when the example has a known leak on its failing paths. */
export function failingPathTest(example: string, name: string, body: () => Promise<void>): void {
  const bug = LEAK_KNOWN_BUGS[example];
  (bug ? it.fails : it)(bug ? `${name} (known limit: ${bug})` : name, body);
}
