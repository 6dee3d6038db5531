/**
 * Fault profile runs at CI size (`npm run test:reliability` runs them at N = 100 and prints the figures): with 20%
 * transient failures and 5% lost responses, every step converges, and the vendor holds exactly what is declared.
 * A `onePerAccount` resource (sendblue.WebhookConfiguration) is one resource holding the N objects.
 */
import { describe, expect, it } from "vitest";
import { runFaultProfile } from "./fault-run";
import { RELIABILITY_VENDORS } from "./vendors";

describe.each(RELIABILITY_VENDORS.map((vendor) => [`${vendor.vendor}.${vendor.resource}`, vendor] as const))(
  "%s under faults",
  (_name, vendor) => {
    const size = vendor.onePerAccount ? "one resource owning 20 entries" : "20 resources";
    it(`creates, updates and deletes ${size} with 0 duplicates, 0 orphans, nothing lost and nothing leaked`, async () => {
      const result = await runFaultProfile(vendor, { n: 20, transientRate: 0.2, lostRate: 0.05, seed: 7 });
      for (const [name, figures] of Object.entries(result.steps)) {
        expect({ step: name, ...figures }).toMatchObject({
          step: name,
          failedAfterRerun: 0,
          duplicates: 0,
          orphans: 0,
          mismatches: 0,
          missing: 0,
        });
      }
      // No credential or vendor secret in what the host printed, in any error, in __provider or in visible state.
      expect(result.leaks).toEqual([]);
      // A read and an update of each of the first five resources, every one failing.
      expect(result.hostileErrors).toBeGreaterThanOrEqual(2 * Math.min(5, result.resources));
      // Every hostile error echoed the credentials at least: each must show that redaction removed them.
      expect(result.hostileRedacted).toBe(result.hostileErrors);
      // Every step lost a write's answer, and the profile injected faults beyond those three; a run without them
      // would prove nothing.
      const steps = Object.values(result.steps);
      for (const figures of steps) expect(figures.lostAnswers).toBeGreaterThan(0);
      const injected = steps.reduce((sum, figures) => sum + figures.faultsInjected, 0);
      expect(injected).toBeGreaterThan(steps.length);
    });
  },
);
