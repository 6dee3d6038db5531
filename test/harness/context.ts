/**
 * How tests and scripts reach the fixture the global setup prepared. The setup publishes it both through
 * vitest's `provide` (keys declared in ./global-setup) and through the environment, which every vitest worker
 * inherits; reading the environment keeps this module free of vitest, so scripts outside vitest (benchmarks,
 * program runners) can use the harness too, given `PULUMI_WEBHOOKS_FIXTURE` or a call to `prepareFixture()`.
 */
import { FIXTURE_ENV, FIXTURE_ERROR_ENV } from "./fixture";

/** The fixture directory; throws the setup's failure (npm pack / install output) when there is none. */
export function fixtureDir(): string {
  const dir = process.env[FIXTURE_ENV];
  if (dir) return dir;
  const reason =
    process.env[FIXTURE_ERROR_ENV] ??
    `${FIXTURE_ENV} is not set; run under vitest (test/harness/global-setup.ts) or set it`;
  throw new Error(`the fixture project could not be prepared:\n${reason}`);
}
