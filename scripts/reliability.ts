/**
 * `npm run test:reliability`: the reliability figures per vendor at full size, as a markdown table. Exits non-zero
 * when any figure that must be 0 is not. `npm test` runs the same assertions at CI size.
 */
import { prepareFixture } from "../test/harness";
import { FIXTURE_ENV } from "../test/harness/fixture";
import { runFaultProfile, type StepFigures } from "../test/reliability/fault-run";
import { fuzzResource } from "../test/reliability/fuzz";
import { FUZZ_SPECS } from "../test/reliability/fuzz-specs";
import {
  RATE_TABLE_HEADER,
  rateClean,
  rateRows,
  rateRuns,
  runRateLimited,
} from "../test/reliability/rate-limits";
import {
  hangOnWrite,
  quietAfterWrite,
  stallOnWrite,
  TIMEOUT_ENV,
  TIMEOUT_MS,
  timeoutLine,
} from "../test/reliability/timeouts";
import { ERROR_SUITES } from "../test/reliability/vendor-errors";
import { RELIABILITY_VENDORS } from "../test/reliability/vendors";

const N = Number(process.env.RELIABILITY_N ?? 100);
/** Webhooks on one rate-limited account; RATE_N=0 skips the rate-limit runs. */
const RATE_N = Number(process.env.RATE_N ?? 500);

async function main(): Promise<void> {
  const fixture = await prepareFixture();
  process.env[FIXTURE_ENV] = fixture.dir;
  const rows: string[] = [];
  const leakRows: string[] = [];
  let failed = false;
  // First, in a process where nothing else has run: these call the provider in-process, and the fuzzer below
  // registers thousands of random strings for redaction, which would then blot out words of the error lines.
  Object.assign(process.env, TIMEOUT_ENV);
  const timeoutRows: string[] = [];
  for (const suite of ERROR_SUITES) {
    const cell = async <T>(
      scenario: (run: Awaited<ReturnType<typeof suite.start>>) => Promise<T>,
    ): Promise<T> => {
      const run = await suite.start();
      try {
        return await scenario(run);
      } finally {
        await run.close();
      }
    };
    const hang = await cell((run) => hangOnWrite(run, suite));
    const stall = await cell((run) => stallOnWrite(run, suite));
    const quiet = await cell((run) => quietAfterWrite(run, suite));
    const hangOk =
      hang.message !== undefined && timeoutLine(suite).test(hang.message) && !hang.message.includes("\n");
    failed ||= !hangOk || hang.objects.length > 0 || stall.problems.length > 0 || quiet.problems.length > 0;
    const problems =
      [...stall.problems, ...quiet.problems].map((problem) => problem.replace(/\|/g, "\\|")).join("; ") ||
      "none";
    timeoutRows.push(
      `| ${suite.vendor} | ${hangOk ? "yes" : "NO"} | ${hang.objects.length} | ${stall.outcome} | ${quiet.outcome} | ${problems} |`,
    );
  }
  for (const key of Object.keys(TIMEOUT_ENV)) delete process.env[key];
  for (const vendor of RELIABILITY_VENDORS) {
    const result = await runFaultProfile(vendor, {
      n: N,
      transientRate: 0.2,
      lostRate: 0.05,
      seed: 20261123,
    });
    const name = `${vendor.vendor}.${vendor.resource}${vendor.onePerAccount ? ` (one, holding ${N} entries)` : ""}`;
    failed ||= result.leaks.length > 0;
    leakRows.push(
      `| ${name} | ${result.hostileErrors} | ${result.hostileRedacted} | ${result.hostileSecretsEchoed} | ${result.leaks.length} | ${result.leaks.join("; ") || "none"} |`,
    );
    for (const [step, figures] of Object.entries(result.steps) as Array<[string, StepFigures]>) {
      const bad =
        figures.failedAfterRerun +
        figures.duplicates +
        figures.orphans +
        figures.mismatches +
        figures.missing;
      failed ||= bad > 0;
      rows.push(
        `| ${name} | ${step} | ${figures.operations} | ${figures.requests} | ${figures.faultsInjected} | ${figures.failedFirstRun} | ${figures.failedAfterRerun} | ${figures.duplicates} | ${figures.orphans} | ${figures.mismatches} | ${figures.missing} |`,
      );
    }
  }
  const rateLines: string[] = [];
  for (const { vendor, options } of RATE_N > 0 ? rateRuns(RATE_N) : []) {
    process.stderr.write(
      `reliability: ${vendor.vendor}, ${options.stacks ?? 1} stack(s) × ${options.n} under its rate limit ...\n`,
    );
    const result = await runRateLimited(vendor, options);
    failed ||= !rateClean(result);
    rateLines.push(
      ...rateRows(result),
      ...result.errors.map((error) => `|   ${error.replace(/\|/g, "\\|")} | | | | | | | | | | | |`),
    );
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
      `Fault profile: 20% transient failures (429 + Retry-After, 502, 503, reset), 5% lost responses after the write; N = ${N} resources (one per account: one resource holding N entries); 16 operations at once; failures re-run once.`,
      "",
      "| resource | step | operations | requests | faults injected | failed 1st run | failed after re-run | duplicates | orphans | mismatches | missing |",
      "|---|---|---|---|---|---|---|---|---|---|---|",
      ...rows,
      "",
      "Secret hygiene: credentials and vendor secrets found in host output, error texts, __provider or state outside secret fields, over the fault run and a phase where every response is an error echoing the credentials, what the request carried and what the object it names holds (the lifecycle tests in `npm test` check every example the same way).",
      "",
      "| resource | hostile errors | with something redacted | vendor secrets echoed | leaks | where |",
      "|---|---|---|---|---|---|",
      ...leakRows,
      "",
      `Rate limits: N = ${RATE_N} webhooks on one account under the vendor's limit, through the real host with production settings (16 operations at once per stack; two stacks are two host processes on the one account). The floor is the least time the limit allows for the requests the vendor accepted in the step (beyond the burst, at the refill rate).`,
      "",
      ...RATE_TABLE_HEADER,
      ...rateLines,
      "",
      `Timeouts (request timeout ${TIMEOUT_MS} ms, one retry): a create whose write hangs unapplied; whose write lands unanswered; whose write lands and then the vendor answers nothing until the next \`pulumi up\`.`,
      "",
      "| vendor | hang: one line naming the timeout and its setting | objects left | landed, unanswered | landed, then quiet | problems |",
      "|---|---|---|---|---|---|",
      ...timeoutRows,
      "",
    ].join("\n"),
  );
  process.exit(failed ? 1 : 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
