/**
 * What a Python program on the `webhooks` plugin needs beside the CLI: the Python language host and sdkgen that
 * `npm run pulumi:install` builds (scripts/pulumi-cli.ts `pythonHostDir`), a virtualenv with the pinned `pulumi`
 * from the Python package index (tools/pulumi-language-python/requirements.txt), created once and cached beside
 * the CLI keyed by those pins and the Python version, and the SDK generated from the package's schema.json.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { cacheRoot, PYTHON_HOST_FILES, pythonHostDir } from "../../scripts/pulumi-cli";

const REQUIREMENTS = path.resolve(
  __dirname,
  "..",
  "..",
  "tools",
  "pulumi-language-python",
  "requirements.txt",
);
/** Written last into the virtualenv, so a half-made one is never taken for a finished one. */
const READY_MARKER = ".pulumi-webhooks-ready";

export const PYTHON_HOST_DIR = pythonHostDir();

function pythonVersion(): string | undefined {
  try {
    return execFileSync("python3", ["-c", "import sys; print('%d.%d' % sys.version_info[:2])"], {
      encoding: "utf8",
    }).trim();
  } catch {
    return undefined;
  }
}

/** Why a Python program cannot run here, or undefined when it can. */
export function pythonMissing(): string | undefined {
  const missing = PYTHON_HOST_FILES.filter((file) => !fs.existsSync(path.join(PYTHON_HOST_DIR, file)));
  if (missing.length > 0)
    return `no ${missing.join(", ")} in ${PYTHON_HOST_DIR} (npm run pulumi:install builds them)`;
  if (!pythonVersion()) return "no python3 on PATH to create the program's virtualenv";
  return undefined;
}

/** The pins, without comments: what the virtualenv holds and what its folder name is keyed by. */
function pins(): string[] {
  return fs
    .readFileSync(REQUIREMENTS, "utf8")
    .split("\n")
    .map((line) => line.replace(/#.*/, "").trim())
    .filter(Boolean);
}

/**
 * The virtualenv folder, made on first use: `python3 -m venv`, then pip from the package index. A virtualenv
 * cannot be moved once made, so it is made in place and marked ready last; an unmarked one is made again.
 */
export function pythonVirtualenv(): string {
  const key = pins()
    .map((pin) => pin.replace("==", "-"))
    .join("-");
  const dir = path.join(cacheRoot(), `python${pythonVersion()}-venv-${key}`);
  if (fs.existsSync(path.join(dir, READY_MARKER))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  execFileSync("python3", ["-m", "venv", dir], { stdio: ["ignore", "inherit", "inherit"] });
  execFileSync(
    path.join(dir, "bin", "python"),
    ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", REQUIREMENTS],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  fs.writeFileSync(path.join(dir, READY_MARKER), `${pins().join("\n")}\n`);
  return dir;
}

/**
 * Generates the Python SDK of `schemaPath` with sdkgen into `workDir` and installs it with pip into a folder of
 * its own there (no write to the cached virtualenv); the program finds it through PYTHONPATH. Returns that folder.
 */
export function installGeneratedSdk(venv: string, schemaPath: string, workDir: string): string {
  const sdk = path.join(workDir, "sdk");
  const site = path.join(workDir, "site-packages");
  execFileSync(path.join(PYTHON_HOST_DIR, "sdkgen"), [schemaPath, sdk], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  execFileSync(
    path.join(venv, "bin", "python"),
    [
      "-m",
      "pip",
      "install",
      "--quiet",
      "--disable-pip-version-check",
      "--no-deps",
      "--no-build-isolation",
      "--target",
      site,
      sdk,
    ],
    { stdio: ["ignore", "inherit", "inherit"] },
  );
  return site;
}

/**
 * The environment the Python program runs in: its virtualenv active (`VIRTUAL_ENV` and `PATH`, since the host
 * built from sdk v3.68.0 does not receive the `virtualenv` runtime option from the newer engine) and the SDK.
 */
export function pythonEnvironment(
  venv: string,
  site: string,
): { env: Record<string, string>; path: string[] } {
  return { env: { VIRTUAL_ENV: venv, PYTHONPATH: site }, path: [PYTHON_HOST_DIR, path.join(venv, "bin")] };
}
