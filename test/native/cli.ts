/**
 * The real Pulumi CLI for the native plugin's program tests: where it and the YAML language host are, and a
 * runner with a local file backend, a passphrase and its own PULUMI_HOME in a temporary directory.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Where the machine setup puts them (see test/native/README.md); override with these variables. */
const CLI_DIR = process.env.PULUMI_WEBHOOKS_CLI_DIR ?? "/root/.cache/pulumi-webhooks/cli-v3.276.0";
const YAML_HOST_DIR = process.env.PULUMI_WEBHOOKS_YAML_HOST_DIR ?? "/root/.cache/pulumi-webhooks/yaml-v1.25.0";

/** Why the CLI tests cannot run here, or undefined when they can. */
export function cliMissing(): string | undefined {
  if (!fs.existsSync(path.join(CLI_DIR, "pulumi"))) return `no pulumi CLI in ${CLI_DIR}`;
  if (!fs.existsSync(path.join(YAML_HOST_DIR, "pulumi-language-yaml"))) return `no pulumi-language-yaml in ${YAML_HOST_DIR} (tools/pulumi-language-yaml/build.sh builds it)`;
  return undefined;
}

export interface CliWorkspace {
  /** Runs `pulumi <args> --non-interactive --cwd <project>`; rejects with the whole output on failure. */
  pulumi(...args: string[]): Promise<string>;
  /** `pulumi stack init test`, with the plugin's Erzycall settings (`webhooks:erzycall.*`) set. */
  initStack(erzycall: { baseUrl: string; apiKey: string }): Promise<void>;
  /** Removes the backend, PULUMI_HOME and the project directory. */
  remove(): void;
}

/** A fresh backend and PULUMI_HOME for programs in `projectDir`, which it owns from then on. */
export function cliWorkspace(projectDir: string, prefix: string): CliWorkspace {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.mkdirSync(path.join(workDir, "state"));
  const env = {
    PATH: `${CLI_DIR}${path.delimiter}${YAML_HOST_DIR}${path.delimiter}${process.env.PATH ?? ""}`,
    HOME: process.env.HOME ?? workDir,
    PULUMI_BACKEND_URL: `file://${path.join(workDir, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "native-cli-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_HOME: path.join(workDir, "home"),
    PULUMI_WEBHOOKS_LIST_CACHE_MS: "0",
  };
  const pulumi = (...args: string[]) =>
    new Promise<string>((resolve, reject) => {
      execFile(path.join(CLI_DIR, "pulumi"), [...args, "--non-interactive", "--cwd", projectDir], { env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
        error ? reject(new Error(`pulumi ${args.join(" ")} failed: ${error.message}\n${stdout}${stderr}`)) : resolve(stdout + stderr),
      );
    });
  return {
    pulumi,
    async initStack(erzycall) {
      await pulumi("stack", "init", "test");
      await pulumi("config", "set", "--path", "webhooks:erzycall.baseUrl", erzycall.baseUrl);
      await pulumi("config", "set", "--secret", "--path", "webhooks:erzycall.apiKey", erzycall.apiKey);
    },
    remove() {
      fs.rmSync(workDir, { recursive: true, force: true });
      fs.rmSync(projectDir, { recursive: true, force: true });
    },
  };
}

/** The plugin folder a program names in Pulumi.yaml: the installed package's `node_modules/.bin`. */
export function pluginFolder(fixtureDir: string): string {
  return path.join(fixtureDir, "node_modules", ".bin");
}
