/**
 * The fixture is a fresh user project that installs pulumi-webhooks from the packed tarball, exactly as a
 * user gets it from npm. That matters: Pulumi serializes modules under node_modules as `require("…")` but
 * captures anything outside (symlinks, `file:` directories, the repo itself) by value, so only an installed
 * tarball yields the `__provider` text users really store in state.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { testNode, testNodeVersion, withTestNodeOnPath } from "./runtime";

const run = promisify(execFile);

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const FIXTURE_ROOT = path.join(REPO_ROOT, ".fixture");
/** Where the global setup also publishes the fixture path, for child processes and tools outside vitest. */
export const FIXTURE_ENV = "PULUMI_WEBHOOKS_FIXTURE";
/** Why the fixture could not be prepared, for the tests that need it to report. */
export const FIXTURE_ERROR_ENV = "PULUMI_WEBHOOKS_FIXTURE_ERROR";
/** Written last, so a fixture whose install was interrupted is never mistaken for a ready one. */
const READY_MARKER = ".ready";
const TARBALL_NAME = "pulumi-webhooks.tgz";
/**
 * Fixtures (one per package content, SDK version and Node runtime) kept around so switching branches back and
 * forth, and the test matrix's three combinations, stay warm.
 */
const FIXTURES_KEPT = 8;

export interface Fixture {
  /** The user project directory: `require("pulumi-webhooks")` and `@pulumi/pulumi` resolve from here. */
  dir: string;
  /** The @pulumi/pulumi version installed in it. */
  sdkVersion: string;
  /** The Node version (`vX.Y.Z`) it was installed with and that the harness runs its programs and host on. */
  nodeVersion: string;
  /** False when an existing fixture with the same hash was reused. */
  built: boolean;
}

/** The SDK the fixture installs: the repo's pinned devDependency unless `PULUMI_SDK_VERSION` asks for another. */
export function pulumiSdkVersion(): string {
  if (process.env.PULUMI_SDK_VERSION) return process.env.PULUMI_SDK_VERSION;
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    devDependencies?: Record<string, string>;
  };
  const pinned = pkg.devDependencies?.["@pulumi/pulumi"];
  if (!pinned) throw new Error("package.json has no devDependency on @pulumi/pulumi to pin the fixture to");
  return pinned;
}

function devDependencyVersion(name: string): string | undefined {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    devDependencies?: Record<string, string>;
  };
  return pkg.devDependencies?.[name];
}

/**
 * Runs the real `npm pack` (its `prepack` compiles dist/), so the tarball holds exactly what npm publishes.
 * It runs on the machine's Node: the tarball does not depend on the runtime, only the install below does.
 */
async function packRepo(): Promise<string> {
  const destination = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-webhooks-pack-"));
  try {
    await run("npm", ["pack", "--pack-destination", destination, "--silent"], {
      cwd: REPO_ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `npm pack failed (does the package compile?):\n${failure.stdout ?? ""}${failure.stderr ?? failure.message}`,
    );
  }
  const tarballs = fs.readdirSync(destination).filter((file) => file.endsWith(".tgz"));
  if (tarballs.length !== 1)
    throw new Error(`npm pack produced ${tarballs.length} tarballs in ${destination}`);
  return path.join(destination, tarballs[0]!);
}

function userProjectPackageJson(sdkVersion: string): string {
  const typescript = devDependencyVersion("typescript");
  return JSON.stringify(
    {
      name: "pulumi-webhooks-test",
      private: true,
      dependencies: { "@pulumi/pulumi": sdkVersion, "pulumi-webhooks": `file:./${TARBALL_NAME}` },
      // `pulumi new typescript` projects carry typescript; Pulumi's closure serializer parses with it when present.
      devDependencies: typescript ? { typescript } : {},
    },
    null,
    2,
  );
}

/** Keeps the newest fixtures; a concurrent run's fixture is recent, so it is never the one removed. */
function pruneOldFixtures(current: string): void {
  const entries = fs
    .readdirSync(FIXTURE_ROOT, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && path.join(FIXTURE_ROOT, entry.name) !== current)
    .map((entry) => {
      const dir = path.join(FIXTURE_ROOT, entry.name);
      return { dir, mtime: fs.statSync(dir).mtimeMs };
    })
    .sort((a, b) => b.mtime - a.mtime);
  const hour = 60 * 60 * 1000;
  for (const stale of entries.slice(FIXTURES_KEPT - 1)) {
    if (Date.now() - stale.mtime > hour) fs.rmSync(stale.dir, { recursive: true, force: true });
  }
}

/**
 * Packs the repo and returns a user project with that tarball installed, reusing the one from an earlier
 * run when the tarball content and the SDK version are unchanged (then it costs only the pack).
 */
export async function prepareFixture(): Promise<Fixture> {
  const sdkVersion = pulumiSdkVersion();
  const node = testNode();
  const nodeVersion = testNodeVersion();
  const tarball = await packRepo();
  try {
    const manifest = userProjectPackageJson(sdkVersion);
    const hash = createHash("sha256")
      .update(fs.readFileSync(tarball))
      .update(manifest)
      // The runtime that installs and runs it: another Node (or another binary of the same one) is another fixture.
      .update(`${nodeVersion}\0${node}`)
      .digest("hex")
      .slice(0, 16);
    fs.mkdirSync(FIXTURE_ROOT, { recursive: true });
    const dir = path.join(FIXTURE_ROOT, hash);
    if (fs.existsSync(path.join(dir, READY_MARKER))) {
      const now = new Date();
      fs.utimesSync(dir, now, now);
      return { dir, sdkVersion, nodeVersion, built: false };
    }
    // Install beside the final path and rename into place: concurrent runs never see a half-installed project.
    const staging = `${dir}.staging-${process.pid}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    fs.copyFileSync(tarball, path.join(staging, TARBALL_NAME));
    fs.writeFileSync(path.join(staging, "package.json"), manifest);
    try {
      // On the selected Node, as a user on that Node would install: npm's engine checks and install scripts see it.
      await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
        cwd: staging,
        env: withTestNodeOnPath(process.env),
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (error) {
      const failure = error as { stderr?: string; message: string };
      fs.rmSync(staging, { recursive: true, force: true });
      throw new Error(`npm install of the fixture project failed:\n${failure.stderr ?? failure.message}`);
    }
    fs.writeFileSync(path.join(staging, READY_MARKER), new Date().toISOString());
    try {
      fs.renameSync(staging, dir);
    } catch {
      // Another run finished the same fixture first; theirs is identical.
      fs.rmSync(staging, { recursive: true, force: true });
    }
    pruneOldFixtures(dir);
    return { dir, sdkVersion, nodeVersion, built: true };
  } finally {
    fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
  }
}
