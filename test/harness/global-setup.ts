/**
 * Vitest global setup: packs the package and prepares the fixture user project once per `vitest run`, then
 * hands its path to the tests: `fixtureDir()` from ./context (environment, inherited by every worker), or
 * `inject("fixtureDir")`.
 *
 * A package that does not compile yet fails only the tests that need the fixture, with npm's output, so
 * unit tests keep running while someone is mid-edit.
 */
// Only type imports from vitest here: global setup runs outside the test workers, where vitest's runtime is absent.
import type { TestProject } from "vitest/node";
import { FIXTURE_ENV, FIXTURE_ERROR_ENV, prepareFixture } from "./fixture";

declare module "vitest" {
  export interface ProvidedContext {
    /** The fixture user project, with pulumi-webhooks installed from the packed tarball; "" if it failed. */
    fixtureDir: string;
    /** The @pulumi/pulumi version installed in the fixture; "" if it failed. */
    fixtureSdkVersion: string;
    /** The Node version the fixture was installed with and the host and programs run on; "" if it failed. */
    fixtureNodeVersion: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  try {
    const fixture = await prepareFixture();
    process.env[FIXTURE_ENV] = fixture.dir;
    delete process.env[FIXTURE_ERROR_ENV];
    project.provide("fixtureDir", fixture.dir);
    project.provide("fixtureSdkVersion", fixture.sdkVersion);
    project.provide("fixtureNodeVersion", fixture.nodeVersion);
    console.log(
      `fixture: ${fixture.built ? "built" : "reused"} ${fixture.dir} (@pulumi/pulumi ${fixture.sdkVersion}, Node ${fixture.nodeVersion}, ${seconds()}s)`,
    );
  } catch (error) {
    delete process.env[FIXTURE_ENV];
    process.env[FIXTURE_ERROR_ENV] = error instanceof Error ? error.message : String(error);
    project.provide("fixtureDir", "");
    project.provide("fixtureSdkVersion", "");
    project.provide("fixtureNodeVersion", "");
    console.log(`fixture: FAILED after ${seconds()}s; host tests will fail with the reason`);
  }
}
