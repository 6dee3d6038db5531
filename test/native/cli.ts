/**
 * The real Pulumi CLI for the native plugin's YAML and Python program tests: the CLI the suite finds (test/cli),
 * the language hosts beside it (built by `npm run pulumi:install`), and a workspace of the suite's kind.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe } from "vitest";
import { locateCli, yamlHostDir } from "../../scripts/pulumi-cli";
import { PulumiWorkspace } from "../cli/pulumi";
import { pythonMissing } from "./python";

const CLI = locateCli();

const YAML_HOST_DIR = yamlHostDir();

/**
 * Why the CLI tests cannot run here, or undefined when they can. Under `CI=true` nothing is skipped: CI installs
 * the CLI and the language hosts first (`npm run pulumi:install`), so a missing one fails the tests instead.
 */
export function cliMissing(language: "yaml" | "python" = "yaml"): string | undefined {
  if (process.env.CI === "true") return undefined;
  if ("reason" in CLI) return CLI.reason;
  if (language === "python") return pythonMissing();
  if (!fs.existsSync(path.join(YAML_HOST_DIR, "pulumi-language-yaml")))
    return `no pulumi-language-yaml in ${YAML_HOST_DIR} (npm run pulumi:install builds it)`;
  return undefined;
}

export interface CliWorkspace {
  /** Runs `pulumi <args>` in the project; rejects with everything it printed unless it exits 0. */
  pulumi(...args: string[]): Promise<string>;
  /** `pulumi stack init test`, with the plugin's Erzycall settings (`webhooks:erzycall.*`) set. */
  initStack(erzycall: { baseUrl: string; apiKey: string }): Promise<void>;
  /** Removes the backend, PULUMI_HOME and the project directory. */
  remove(): void;
}

/** What a workspace adds to every command's environment. */
export interface WorkspaceEnvironment {
  /** Variables: a vendor's credentials, a virtualenv. */
  env?: Record<string, string>;
  /** Folders put on PATH after the CLI's and before the YAML host's. */
  path?: string[];
}

/** A workspace for programs in `projectDir`, which it owns from then on. */
export function cliWorkspace(projectDir: string, extra: WorkspaceEnvironment = {}): CliWorkspace {
  if (!("dir" in CLI)) throw new Error(CLI.reason);
  const folders = [CLI.dir, ...(extra.path ?? []), YAML_HOST_DIR, process.env.PATH ?? ""];
  const workspace = new PulumiWorkspace(CLI.dir, projectDir, undefined, {
    ...extra.env,
    PATH: folders.join(path.delimiter),
    PULUMI_WEBHOOKS_LIST_CACHE_MS: "0",
  });
  const pulumi = (...args: string[]) => workspace.ok(args);
  return {
    pulumi,
    async initStack(erzycall) {
      await pulumi("stack", "init", "test");
      await pulumi("config", "set", "--path", "webhooks:erzycall.baseUrl", erzycall.baseUrl);
      await pulumi("config", "set", "--secret", "--path", "webhooks:erzycall.apiKey", erzycall.apiKey);
    },
    remove() {
      workspace.dispose();
      fs.rmSync(projectDir, { recursive: true, force: true });
    },
  };
}

/** The plugin folder a program names in Pulumi.yaml: the installed package's `node_modules/.bin`. */
export function pluginFolder(fixtureDir: string): string {
  return path.join(fixtureDir, "node_modules", ".bin");
}

/** `describe` for a real-CLI test of the plugin: skipped, with the reason in its title, where `cliMissing` says. */
export function describeWithNativeCli(title: string, body: () => void): void {
  const reason = cliMissing();
  describe.skipIf(reason !== undefined)(reason ? `${title} (skipped: ${reason})` : title, body);
}
