/**
 * `npm run test:reliability`: the reliability figures per vendor at full size, as a markdown table. Exits non-zero
 * when any figure that must be 0 is not. `npm test` runs the same assertions at CI size.
 */
import { prepareFixture } from "../test/harness";
import { FIXTURE_ENV } from "../test/harness/fixture";
import { runFaultProfile, type StepFigures } from "../test/reliability/fault-run";
import { fuzzResource } from "../test/reliability/fuzz";
import { FUZZ_SPECS } from "../test/reliability/fuzz-specs";
import { RELIABILITY_VENDORS } from "../test/reliability/vendors";

const N = Number(process.env.RELIABILITY_N ?? 100);

async function main(): Promise<void> {
  const fixture = await prepareFixture();
  process.env[FIXTURE_ENV] = fixture.dir;
  const rows: string[] = [];
  const leakRows: string[] = [];
  let failed = false;
  for (const vendor of RELIABILITY_VENDORS) {
    const result = await runFaultProfile(vendor, { n: N, transientRate: 0.2, lostRate: 0.05, seed: 20261123 });
    failed ||= result.leaks.length > 0;
    leakRows.push(`| ${vendor.vendor}.${vendor.resource} | ${result.leaks.length} | ${result.leaks.join("; ") || "none"} |`);
    for (const [step, figures] of Object.entries(result.steps) as Array<[string, StepFigures]>) {
      const bad = figures.failedAfterRerun + figures.duplicates + figures.orphans + figures.mismatches + figures.missing;
      failed ||= bad > 0;
      rows.push(
        `| ${vendor.vendor}.${vendor.resource} | ${step} | ${figures.operations} | ${figures.requests} | ${figures.faultsInjected} | ${figures.failedFirstRun} | ${figures.failedAfterRerun} | ${figures.duplicates} | ${figures.orphans} | ${figures.mismatches} | ${figures.missing} |`,
      );
    }
  }
  const fuzzRows: string[] = [];
  for (const spec of FUZZ_SPECS) {
    const { figures, problems } = await fuzzResource(spec, 1000, 20261123);
    failed ||= problems.length > 0;
    fuzzRows.push(
      `| ${figures.resource} | ${figures.cases} | ${figures.invalidRejectedNamingProperty}/${figures.invalid} | ${figures.validAccepted}/${figures.valid} | ${figures.withUnknownsAccepted}/${figures.withUnknowns} | ${figures.exceptions} |`,
    );
    for (const problem of problems) fuzzRows.push(`|   ${problem.replace(/\|/g, "\\|")} | | | | | |`);
  }
  process.stdout.write(
    [
      "Bad input: 1,000 random and adversarial inputs per resource through check, and diff between accepted ones (requests sent: see `npm test`, which counts them).",
      "",
      "| resource | cases | invalid rejected naming the property | valid accepted | with unknowns accepted | exceptions |",
      "|---|---|---|---|---|---|",
      ...fuzzRows,
      "",
      `Fault profile: 20% transient failures (429 + Retry-After, 502, 503, reset), 5% lost responses after the write; N = ${N}; 16 operations at once; failures re-run once.`,
      "",
      "| resource | step | operations | requests | faults injected | failed 1st run | failed after re-run | duplicates | orphans | mismatches | missing |",
      "|---|---|---|---|---|---|---|---|---|---|---|",
      ...rows,
      "",
      "Secret hygiene: credentials and vendor secrets found in host output, error texts, __provider or state outside secret fields (the run includes a phase where every response echoes them).",
      "",
      "| resource | leaks | where |",
      "|---|---|---|",
      ...leakRows,
      "",
    ].join("\n"),
  );
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
