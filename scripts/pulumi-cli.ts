/**
 * Where the Pulumi CLI that the test suite runs every program through lives: a `pulumi` already on PATH with a
 * Node.js language host beside it, or the one `npm run pulumi:install` built from the pinned Go modules into a
 * cache outside the work tree. Only finds; building is scripts/pulumi-install.ts.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const REPO_ROOT = path.resolve(__dirname, "..");

/** The oldest CLI the suite accepts from PATH; the one it builds is `pinnedVersions().cli`. */
export const MINIMUM_CLI = "3.216.0";

/** The files a folder must hold for dynamic resources to run: the CLI, the Node.js host and the launcher. */
export const CLI_FILES = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"] as const;

/** Written last into a cache folder, so an interrupted build is never taken for a finished one. */
export const READY_MARKER = ".ready";

export interface PinnedVersions {
  /** github.com/pulumi/pulumi/pkg/v3, from tools/pulumi/go.mod. */
  cli: string;
  /** github.com/pulumi/pulumi/sdk/v3 that the Node.js host is built from, from tools/pulumi-language-nodejs/go.mod. */
  nodejsHost: string;
}

function requiredVersion(goMod: string, module: string): string {
  const text = fs.readFileSync(path.join(REPO_ROOT, goMod), "utf8");
  const match = new RegExp(`^\\s*(?:require\\s+)?${module.replace(/[./]/g, "\\$&")} v(\\S+)`, "m").exec(text);
  if (!match) throw new Error(`${goMod} requires no ${module}`);
  return match[1]!;
}

/** The versions the Go modules under tools/ pin: the single place they are written. */
export function pinnedVersions(): PinnedVersions {
  return {
    cli: requiredVersion("tools/pulumi/go.mod", "github.com/pulumi/pulumi/pkg/v3"),
    nodejsHost: requiredVersion("tools/pulumi-language-nodejs/go.mod", "github.com/pulumi/pulumi/sdk/v3"),
  };
}

/** `PULUMI_WEBHOOKS_CLI_CACHE`, else `$XDG_CACHE_HOME/pulumi-webhooks`, else `~/.cache/pulumi-webhooks`. */
export function cacheRoot(): string {
  if (process.env.PULUMI_WEBHOOKS_CLI_CACHE) return process.env.PULUMI_WEBHOOKS_CLI_CACHE;
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "pulumi-webhooks");
}

/** Where the YAML language host (tools/pulumi-language-yaml) is built, keyed by its pulumi-yaml version. */
export function yamlHostDir(): string {
  if (process.env.PULUMI_WEBHOOKS_YAML_HOST_DIR) return process.env.PULUMI_WEBHOOKS_YAML_HOST_DIR;
  return path.join(
    cacheRoot(),
    `yaml-v${requiredVersion("tools/pulumi-language-yaml/go.mod", "github.com/pulumi/pulumi-yaml")}`,
  );
}

/** The github.com/pulumi/pulumi/sdk/v3 version the Python language host is built from. */
export function pythonHostVersion(): string {
  return requiredVersion("tools/pulumi-language-python/go.mod", "github.com/pulumi/pulumi/sdk/v3");
}

/**
 * Where the Python language host (tools/pulumi-language-python) is built, with its `pulumi-language-python-exec`
 * beside it and `sdkgen` (tools/pulumi-language-python/sdkgen), which writes a Python SDK from schema.json with
 * the pinned CLI's code generator; keyed by both versions.
 */
export function pythonHostDir(): string {
  if (process.env.PULUMI_WEBHOOKS_PYTHON_HOST_DIR) return process.env.PULUMI_WEBHOOKS_PYTHON_HOST_DIR;
  const generator = requiredVersion(
    "tools/pulumi-language-python/sdkgen/go.mod",
    "github.com/pulumi/pulumi/pkg/v3",
  );
  return path.join(cacheRoot(), `python-host-v${pythonHostVersion()}-sdkgen-v${generator}`);
}

/** The files `npm run pulumi:install` leaves in `pythonHostDir()`. */
export const PYTHON_HOST_FILES = ["pulumi-language-python", "pulumi-language-python-exec", "sdkgen"] as const;

/** The cache folder of one pinned build, keyed by both versions. */
export function cacheDir(versions = pinnedVersions()): string {
  return path.join(cacheRoot(), `pulumi-v${versions.cli}-nodejs-host-v${versions.nodejsHost}`);
}

function compareVersions(a: string, b: string): number {
  const parts = (version: string) => version.replace(/^v/, "").split(/[.-]/).slice(0, 3).map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let index = 0; index < 3; index++) {
    const difference = (x[index] ?? 0) - (y[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/** What `pulumi version` prints, without the leading v; "" when it prints nothing (a build without its version). */
export function cliVersion(binary: string): string {
  return execFileSync(binary, ["version"], {
    encoding: "utf8",
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  })
    .trim()
    .replace(/^v/, "");
}

export type CliLocation =
  | { dir: string; binary: string; version: string; source: "path" | "cache" }
  | { reason: string };

function fromPath(): CliLocation | undefined {
  const dir = (process.env.PATH ?? "")
    .split(path.delimiter)
    .find((entry) => entry && fs.existsSync(path.join(entry, "pulumi")));
  if (!dir) return undefined;
  const missing = CLI_FILES.filter((file) => !fs.existsSync(path.join(dir, file)));
  if (missing.length > 0)
    return { reason: `the pulumi on PATH (${dir}) has no ${missing.join(" or ")} beside it` };
  const binary = path.join(dir, "pulumi");
  const version = cliVersion(binary);
  if (!version) return { reason: `${binary} prints no version` };
  if (compareVersions(version, MINIMUM_CLI) < 0)
    return { reason: `the pulumi on PATH is ${version}, older than ${MINIMUM_CLI}` };
  return { dir, binary, version, source: "path" };
}

function fromCache(): CliLocation | undefined {
  const dir = cacheDir();
  if (!fs.existsSync(path.join(dir, READY_MARKER))) return undefined;
  const binary = path.join(dir, "pulumi");
  return { dir, binary, version: cliVersion(binary), source: "cache" };
}

/**
 * The CLI to run programs with: a usable one on PATH first (the user's own), else the cached build. The reason
 * names what is missing when there is neither.
 */
export function locateCli(): CliLocation {
  const onPath = fromPath();
  if (onPath && "dir" in onPath) return onPath;
  const cached = fromCache();
  if (cached) return cached;
  const why = onPath && "reason" in onPath ? `${onPath.reason}, and ` : "";
  return {
    reason: `${why}no Pulumi CLI is built in ${cacheDir()}: run \`npm run pulumi:install\` (needs Go)`,
  };
}
