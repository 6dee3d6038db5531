/**
 * `npm run test:matrix`: the real-host tests (`test/harness.test.ts` and every `test/<vendor>/host.test.ts`) on
 * each supported runtime combination, each in its own fixture project that installs the packed tarball:
 *
 *   baseline  the machine's Node + the pinned @pulumi/pulumi devDependency
 *   node22    the newest Node 22 + the newest @pulumi/pulumi 3.x
 *   node24    the newest Node 24 + the newest @pulumi/pulumi 3.x
 *
 * vitest runs on the machine's Node; the harness runs the fixture install, the serializing program and the
 * dynamic-provider host on the combination's Node (PULUMI_WEBHOOKS_TEST_NODE). Prints one line per combination
 * with its counts (from vitest's JSON report) and exits non-zero if any combination failed.
 *
 *   tsx scripts/test-matrix.ts [--only node22,node24] [--with <node version>/<sdk version> ...]
 *
 * `--with 20.18.1/3.216.0` runs one more combination of exact versions (e.g. the declared floors); given
 * without `--only`, only those run. `--markdown` also prints the rows of the README's "Supported versions" table.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT, ensureNode, newestNode, newestPulumiSdk } from "./runtimes";

const COMBINATIONS = ["baseline", "node22", "node24"] as const;
type CombinationName = (typeof COMBINATIONS)[number];
const LOG_DIR = path.join(REPO_ROOT, ".cache", "matrix");
const VITEST = path.join(REPO_ROOT, "node_modules", "vitest", "vitest.mjs");

interface Combination {
  name: string;
  /** The `node` binary the code under test runs on; undefined for the machine's own. */
  node?: string;
  nodeVersion: string;
  sdkVersion: string;
}

interface Outcome {
  passed: number;
  failed: number;
  skipped: number;
  ok: boolean;
  /** Failed test names, or why the run produced no report. */
  problems: string[];
}

/** The subset of vitest's JSON report (Jest-compatible) read here. */
interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numFailedTestSuites: number;
  testResults: Array<{
    name: string;
    status: string;
    message?: string;
    assertionResults: Array<{ fullName: string; status: string }>;
  }>;
}

/** An exact combination asked for with `--with <node>/<sdk>`. */
interface ExactCombination {
  nodeVersion: string;
  sdkVersion: string;
}

function parseArgs(argv: string[]): {
  only: CombinationName[];
  exact: ExactCombination[];
  markdown: boolean;
} {
  let only: CombinationName[] | undefined;
  const exact: ExactCombination[] = [];
  let markdown = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--markdown") {
      markdown = true;
      continue;
    }
    const [flag, inline] = argv[i]!.split(/=(.*)/s, 2) as [string, string | undefined];
    const value = inline ?? argv[++i] ?? "";
    if (flag === "--only") {
      const names = value.split(",").filter(Boolean);
      const unknown = names.filter((name) => !(COMBINATIONS as readonly string[]).includes(name));
      if (names.length === 0 || unknown.length > 0)
        throw new Error(
          `--only takes a comma-separated subset of ${COMBINATIONS.join(",")}; got ${JSON.stringify(value)}`,
        );
      only = names as CombinationName[];
    } else if (flag === "--with") {
      const match = /^(\d+\.\d+\.\d+)\/(\d+\.\d+\.\d+)$/.exec(value);
      if (!match)
        throw new Error(
          `--with takes <node version>/<@pulumi/pulumi version>, e.g. 20.18.1/3.216.0; got ${JSON.stringify(value)}`,
        );
      exact.push({ nodeVersion: match[1]!, sdkVersion: match[2]! });
    } else {
      throw new Error(
        `unknown argument ${JSON.stringify(argv[i])}; usage: test-matrix [--only ${COMBINATIONS.join(",")}] [--with <node>/<sdk>] [--markdown]`,
      );
    }
  }
  return { only: only ?? (exact.length > 0 ? [] : [...COMBINATIONS]), exact, markdown };
}

/** `test/harness.test.ts` plus every `host.test.ts` under test/, so a new vendor's host tests join automatically. */
function hostTestFiles(root = REPO_ROOT): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "host.test.ts") found.push(path.relative(root, full));
    }
  };
  walk(path.join(root, "test"));
  return ["test/harness.test.ts", ...found.sort()];
}

function pinnedSdk(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    devDependencies?: Record<string, string>;
  };
  const pinned = pkg.devDependencies?.["@pulumi/pulumi"];
  if (!pinned) throw new Error("package.json has no devDependency on @pulumi/pulumi");
  return pinned;
}

async function resolveExact({ nodeVersion, sdkVersion }: ExactCombination): Promise<Combination> {
  const runtime = await ensureNode(nodeVersion);
  return {
    name: `node${nodeVersion}+sdk${sdkVersion}`,
    node: runtime.node,
    nodeVersion: runtime.version,
    sdkVersion,
  };
}

async function resolveCombination(
  name: CombinationName,
  newestSdk: () => Promise<string>,
): Promise<Combination> {
  if (name === "baseline") return { name, nodeVersion: process.version, sdkVersion: pinnedSdk() };
  const major = name === "node22" ? 22 : 24;
  const runtime = await ensureNode(await newestNode(major));
  return { name, node: runtime.node, nodeVersion: runtime.version, sdkVersion: await newestSdk() };
}

function runVitest(
  combination: Combination,
  files: string[],
  reportFile: string,
  logFile: string,
): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, PULUMI_SDK_VERSION: combination.sdkVersion };
  if (combination.node) env.PULUMI_WEBHOOKS_TEST_NODE = combination.node;
  else delete env.PULUMI_WEBHOOKS_TEST_NODE;
  fs.rmSync(reportFile, { force: true });
  const log = fs.openSync(logFile, "w");
  const args = [
    VITEST,
    "run",
    ...files,
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${reportFile}`,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      env: { ...env, NO_COLOR: "1" },
      stdio: ["ignore", log, log],
    });
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      fs.closeSync(log);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

function readOutcome(exitCode: number, reportFile: string, logFile: string): Outcome {
  if (!fs.existsSync(reportFile)) {
    return {
      passed: 0,
      failed: 0,
      skipped: 0,
      ok: false,
      problems: [`vitest exited with ${exitCode} and wrote no report; see ${logFile}`],
    };
  }
  const report = JSON.parse(fs.readFileSync(reportFile, "utf8")) as VitestReport;
  const problems = report.testResults.flatMap((file) => [
    ...file.assertionResults
      .filter((test) => test.status === "failed")
      .map((test) => `${path.relative(REPO_ROOT, file.name)} > ${test.fullName}`),
    ...(file.status === "failed" && file.assertionResults.length === 0
      ? [`${path.relative(REPO_ROOT, file.name)}: ${(file.message ?? "failed to run").split("\n")[0]}`]
      : []),
  ]);
  const outcome = {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
    problems,
  };
  const ok = exitCode === 0 && outcome.failed === 0 && report.numFailedTestSuites === 0 && outcome.passed > 0;
  if (!ok && problems.length === 0) problems.push(`vitest exited with ${exitCode}; see ${logFile}`);
  return { ...outcome, ok };
}

function line(
  combination: Pick<Combination, "name" | "nodeVersion" | "sdkVersion">,
  outcome: Outcome,
  seconds: string,
): string {
  return [
    `${outcome.ok ? "ok  " : "FAIL"} ${combination.name.padEnd(8)}`,
    `node ${combination.nodeVersion.padEnd(9)}`,
    `@pulumi/pulumi ${combination.sdkVersion.padEnd(8)}`,
    `passed ${String(outcome.passed).padStart(3)}  failed ${String(outcome.failed).padStart(3)}  skipped ${String(outcome.skipped).padStart(3)}`,
    `(${seconds}s)`,
  ].join("  ");
}

async function main(): Promise<number> {
  let sdk: Promise<string> | undefined;
  // Asked of the registry once per run, and only when a combination needs it.
  const newestSdk = () => (sdk ??= newestPulumiSdk(3));
  const { only, exact, markdown } = parseArgs(process.argv.slice(2));
  const plan = [
    ...only.map((name) => ({ name: name as string, resolve: () => resolveCombination(name, newestSdk) })),
    ...exact.map((combination) => ({
      name: `node${combination.nodeVersion}+sdk${combination.sdkVersion}`,
      resolve: () => resolveExact(combination),
    })),
  ];
  const files = hostTestFiles();
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const out = (text: string) => process.stdout.write(`${text}\n`);
  out(`test matrix: ${files.join(" ")}`);

  let failures = 0;
  const rows: string[] = [];
  for (const { name, resolve } of plan) {
    const started = Date.now();
    const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
    let combination: Combination;
    try {
      combination = await resolve();
    } catch (error) {
      failures++;
      out(
        `FAIL ${name.padEnd(8)}  could not prepare the runtime: ${error instanceof Error ? error.message : String(error)}`,
      );
      continue;
    }
    const reportFile = path.join(LOG_DIR, `${name}.json`);
    const logFile = path.join(LOG_DIR, `${name}.log`);
    const outcome = readOutcome(
      await runVitest(combination, files, reportFile, logFile),
      reportFile,
      logFile,
    );
    out(line(combination, outcome, seconds()));
    rows.push(
      `| ${combination.nodeVersion.replace(/^v/, "")} | ${combination.sdkVersion} | ${outcome.passed} / ${outcome.failed} / ${outcome.skipped} |`,
    );
    if (!outcome.ok) {
      failures++;
      for (const problem of outcome.problems) out(`       ${problem}`);
      out(`       full output: ${path.relative(REPO_ROOT, logFile)}`);
    }
  }
  if (markdown) {
    out(`\n| Node | \`@pulumi/pulumi\` | host tests: passed / failed / skipped |\n|---|---|---|`);
    rows.forEach((row) => out(row));
  }
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`test matrix: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
