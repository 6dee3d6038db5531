/**
 * The real Pulumi CLI, run the way a user runs it, isolated from the user's own setup: a local file backend in a
 * temp folder, a passphrase secrets provider, a PULUMI_HOME of its own (never the user's login), no update check.
 * Every line the CLI prints is kept, for the leak checks.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Variables added to (or, when undefined, removed from) the CLI's environment for this command. */
  env?: Record<string, string | undefined>;
  /** Called once the process has started, e.g. to kill it at the right moment. */
  started?: (child: ChildProcess) => void;
}

/** Every vendor credential and setting variable: a command only sees the ones a test gives it. */
const VENDOR_VARIABLE = /^(CONVIRZA|CONVERC|CONVERSANT|SENDBLUE|ERZYCALL)_/;

export class PulumiWorkspace {
  /** Everything the CLI printed, stdout and stderr, every command. */
  printed = "";
  readonly home: string;
  readonly backend: string;

  constructor(
    readonly cliDir: string,
    /** The project folder (`--cwd`). */
    readonly projectDir: string,
    /** Temp folder for the backend and PULUMI_HOME; removed by `dispose`. */
    readonly workDir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-webhooks-cli-")),
    /** Variables every command gets: credentials the test hands the "CI job", say. */
    public env: Record<string, string | undefined> = {},
  ) {
    this.home = path.join(workDir, "home");
    this.backend = path.join(workDir, "state");
    fs.mkdirSync(this.backend, { recursive: true });
  }

  private environment(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
    const base = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !VENDOR_VARIABLE.test(key) && !key.startsWith("PULUMI_")),
    );
    const env: NodeJS.ProcessEnv = {
      ...base,
      PATH: `${this.cliDir}${path.delimiter}${process.env.PATH ?? ""}`,
      PULUMI_BACKEND_URL: `file://${this.backend}`,
      PULUMI_CONFIG_PASSPHRASE: "cli-suite-passphrase",
      PULUMI_HOME: this.home,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    };
    for (const [key, value] of Object.entries({ ...this.env, ...extra })) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
    return env;
  }

  /** Runs `pulumi <args>` in the project; never throws on a non-zero exit (see `ok`). */
  run(args: string[], options: RunOptions = {}): Promise<CliResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        path.join(this.cliDir, "pulumi"),
        [...args, "--non-interactive", "--cwd", this.projectDir],
        {
          env: this.environment(options.env),
          stdio: ["ignore", "pipe", "pipe"],
          // Its own process group, so a test can kill the CLI with everything it started.
          detached: true,
        },
      );
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
      child.on("error", reject);
      child.on("close", (code, signal) => {
        this.printed += stdout + stderr;
        resolve({ code, signal, stdout, stderr });
      });
      options.started?.(child);
    });
  }

  /** Runs `pulumi <args>` and fails with everything it printed unless it exits 0. */
  async ok(args: string[], options: RunOptions = {}): Promise<string> {
    const result = await this.run(args, options);
    if (result.code !== 0)
      throw new Error(
        `pulumi ${args.join(" ")} exited ${result.code ?? result.signal}:\n${result.stdout}${result.stderr}`,
      );
    return result.stdout + result.stderr;
  }

  /** `pulumi stack export --show-secrets` is never used: the export is what a state file holds. */
  async exportState(): Promise<string> {
    return this.ok(["stack", "export"]);
  }

  dispose(): void {
    fs.rmSync(this.workDir, { recursive: true, force: true });
  }
}

/** The pids of every process below `pid`, read from /proc. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      // The parent pid is the second field after the parenthesised command name.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(parent, [...(parents.get(parent) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (from: number) =>
    (parents.get(from) ?? []).forEach((child) => (found.push(child), walk(child)));
  walk(pid);
  return found;
}

/**
 * Kills a CLI started with `run` the way a lost CI runner or an out-of-memory kill does: SIGKILL to every process
 * it started. Its process group is not enough: the Node.js language host starts its own group.
 */
export function killTree(child: ChildProcess): void {
  if (child.pid === undefined) return;
  const tree = descendants(child.pid);
  for (const pid of [child.pid, ...tree]) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}
