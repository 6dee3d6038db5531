/**
 * The secret-hygiene steps every lifecycle test runs (see sentinels.ts for what is looked for and where).
 */
import { expect } from "vitest";
import type { FaultInjector } from "../emulators/core";
import type { Lifecycle } from "./engine";
import { echoSentinels, findLeaks, type Echo, type TextMark } from "./sentinels";

/**
 * The failing paths, once per lifecycle test: a refresh (every read fails) and a destroy (the first delete fails)
 * against vendors each echoing what the failing request carried and what the object it names holds. Both must
 * fail, and leave the stack as it was for the steps after. Returns every value the vendors echoed, so a test can
 * show its secrets were among them.
 */
export async function failAgainstEchoingVendor(
  stack: Lifecycle,
  vendors: ReadonlyArray<{ faults: FaultInjector; echo: Echo }>,
): Promise<ReadonlySet<string>> {
  const echoing = vendors.map((vendor) => echoSentinels(vendor.faults, vendor.echo));
  const before = stack.state.saved();
  const errorsBefore = stack.errors.length;
  try {
    await expect(stack.refresh()).rejects.toThrow();
    await expect(stack.destroy()).rejects.toThrow();
  } finally {
    echoing.forEach((vendor) => vendor.calm());
  }
  const errors = stack.errors.slice(errorsBefore);
  expect(errors.length).toBeGreaterThan(2);
  // Every failing request echoed the credentials at least, and every error shows redaction removed them: the leak
  // checks after this then mean something. (A count: an error text may hold a value the leak check must not print.)
  expect(errors.filter((text) => !text.includes("[redacted]")).length).toBe(0);
  expect(JSON.parse(stack.state.saved()).resources.map((record: { id: string }) => record.id)).toEqual(
    JSON.parse(before).resources.map((record: { id: string }) => record.id),
  );
  return new Set(echoing.flatMap((vendor) => [...vendor.echoed]));
}

/** The one leak assertion every lifecycle test makes; `since` skips text checked before. */
export function expectNoLeaks(stack: Lifecycle, sentinels: readonly string[], since?: TextMark): void {
  expect(sentinels.length).toBeGreaterThan(0);
  expect(findLeaks(stack, sentinels, since)).toEqual([]);
}

/**
 * Of `sentinels`, the vendors echoed exactly `expected`: shows what the failing paths put in front of the redaction,
 * and that the echo stays as narrow as a real vendor's. Compared as "#index first characters…", never whole values.
 */
export function expectEchoed(
  echoed: ReadonlySet<string>,
  sentinels: readonly string[],
  expected: readonly string[],
): void {
  const shown = (values: readonly string[]) =>
    values.map((value) => `#${sentinels.indexOf(value)} ${value.slice(0, 8)}…`).sort();
  expect(shown(sentinels.filter((value) => echoed.has(value)))).toEqual(shown(expected));
}
