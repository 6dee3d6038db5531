/** A real-CLI test suite: run where a CLI is found, skipped with the reason where not, failed under CI. */
import { describe, it } from "vitest";
import { locateCli, type CliLocation } from "../../scripts/pulumi-cli";

export const CLI: CliLocation = locateCli();

/**
 * `describe` for a real-CLI suite: skipped with the reason in its title when there is no CLI, except under
 * `CI=true`, where a missing CLI is a failing test that says why (CI installs one first: `npm run pulumi:install`).
 */
export function describeWithCli(title: string, body: (cli: { dir: string; version: string }) => void): void {
  if ("dir" in CLI) {
    describe(`${title} (pulumi ${CLI.version})`, () => body(CLI as { dir: string; version: string }));
  } else if (process.env.CI === "true") {
    describe(title, () => it("needs the Pulumi CLI", () => void assertNever(CLI)));
  } else {
    describe.skip(`${title} (skipped: ${CLI.reason})`, () => body({ dir: "", version: "" }));
  }
}

function assertNever(location: CliLocation): never {
  throw new Error("reason" in location ? location.reason : "no Pulumi CLI");
}
