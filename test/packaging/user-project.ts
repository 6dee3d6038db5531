/**
 * A fresh user project, made the way a user makes one: its own package.json, `npm install` of the packed
 * tarball (the one the global setup packed into the fixture) and of whatever else the test names.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { fixtureDir } from "../harness/context";
import { pulumiSdkVersion } from "../harness/fixture";

export const run = promisify(execFile);

/** The tarball `npm pack` made for this run, as the fixture keeps it. */
export function packedTarball(): string {
  const tarball = path.join(fixtureDir(), "pulumi-webhooks.tgz");
  if (!fs.existsSync(tarball)) throw new Error(`the fixture holds no packed tarball at ${tarball}`);
  return tarball;
}

/** Makes a temporary folder with these files, `npm install`s it, and returns its path (the caller removes it). */
export async function installUserProject(prefix: string, files: Record<string, string>): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  try {
    await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: dir,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const failure = error as { stderr?: string; message: string };
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`npm install in ${dir} failed:\n${failure.stderr ?? failure.message}`);
  }
  return dir;
}

export { pulumiSdkVersion };
