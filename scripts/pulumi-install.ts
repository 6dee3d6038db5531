/**
 * `npm run pulumi:install`: makes a Pulumi CLI available to the test suite and prints the folder that holds it
 * as the last line of its output.
 *
 * - A `pulumi` of at least MINIMUM_CLI on PATH, with the Node.js language host and the dynamic-provider launcher
 *   beside it (as the official distribution ships them), is used as it is.
 * - Otherwise the CLI and the Node.js host are built with Go from the modules pinned under tools/ into a cache
 *   folder outside the work tree, keyed by version and reused when present; the launcher is written beside them.
 * - With Go, the YAML and Python language hosts the native plugin's programs run with (and sdkgen, which writes
 *   the Python SDK from schema.json) are built the same way into their own cache folders beside it.
 * - Without Go it says what is missing and exits 0, so the CLI tests skip with that reason, except under
 *   `CI=true`, where a missing CLI fails the run.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  CLI_FILES,
  READY_MARKER,
  cacheDir,
  cliVersion,
  locateCli,
  pinnedVersions,
  PYTHON_HOST_FILES,
  pythonHostDir,
  pythonHostVersion,
  yamlHostDir,
} from "./pulumi-cli";

const REPO_ROOT = path.resolve(__dirname, "..");
const VERSION_VARIABLE = "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version";

/**
 * The official distribution's `pulumi-resource-pulumi-nodejs`, which a Go build lacks: it starts the
 * dynamic-provider host of the program's own @pulumi/pulumi. The engine starts it in the program's folder;
 * resolving from there (not `./node_modules`) also finds a package installed in a parent folder.
 */
const LAUNCHER = `#!/bin/sh
# Written by pulumi-webhooks' npm run pulumi:install: what the official Pulumi distribution ships under this name.
exec node -e 'process.argv.splice(1, 0, "pulumi-resource-pulumi-nodejs"); require(require.resolve("@pulumi/pulumi/cmd/dynamic-provider", { paths: [process.cwd()] }))' -- "$@"
`;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function goAvailable(): string | undefined {
  try {
    return execFileSync("go", ["version"], { encoding: "utf8" }).trim();
  } catch {
    return undefined;
  }
}

function goBuild(moduleDir: string, version: string, pkg: string, output: string): void {
  const started = Date.now();
  execFileSync("go", ["build", "-ldflags", `-X ${VERSION_VARIABLE}=v${version}`, "-o", output, pkg], {
    cwd: path.join(REPO_ROOT, moduleDir),
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, GOFLAGS: [process.env.GOFLAGS, "-mod=readonly"].filter(Boolean).join(" ") },
  });
  say(`built ${path.basename(output)} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function build(): string {
  const versions = pinnedVersions();
  const target = cacheDir(versions);
  const partial = `${target}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  say(`building Pulumi CLI ${versions.cli} and its Node.js host (sdk ${versions.nodejsHost}) into ${target}`);
  say("the first build takes about 5 minutes on 2 cores; later ones reuse the cache");
  goBuild(
    "tools/pulumi",
    versions.cli,
    "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
    path.join(partial, "pulumi"),
  );
  goBuild(
    "tools/pulumi-language-nodejs",
    versions.nodejsHost,
    "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs",
    path.join(partial, "pulumi-language-nodejs"),
  );
  fs.writeFileSync(path.join(partial, "pulumi-resource-pulumi-nodejs"), LAUNCHER, { mode: 0o755 });
  const printed = cliVersion(path.join(partial, "pulumi"));
  if (printed !== versions.cli)
    throw new Error(`the built pulumi reports version "${printed}", expected ${versions.cli}`);
  for (const file of CLI_FILES)
    if (!fs.existsSync(path.join(partial, file))) throw new Error(`the build left no ${file}`);
  fs.writeFileSync(path.join(partial, READY_MARKER), `${JSON.stringify(versions)}\n`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(partial, target);
  return target;
}

/** One `go build` of a cached tool: the module folder under tools/, the package, the file it writes. */
interface ToolBuild {
  moduleDir: string;
  pkg: string;
  output: string;
}

/**
 * Builds tools into `dir` (beside the CLI's cache) unless every file in `expected` is there already; `finish` adds
 * what is not built (a script from the module cache). Built into a partial folder, renamed when complete.
 */
function buildCachedTools(
  label: string,
  dir: string,
  expected: readonly string[],
  builds: ToolBuild[],
  finish: (partial: string) => void = () => {},
): void {
  if (expected.every((file) => fs.existsSync(path.join(dir, file))))
    return say(`using the cached ${label} in ${dir}`);
  const partial = `${dir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  const started = Date.now();
  for (const { moduleDir, pkg, output } of builds)
    execFileSync("go", ["build", "-o", path.join(partial, output), pkg], {
      cwd: path.join(REPO_ROOT, moduleDir),
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, GOFLAGS: [process.env.GOFLAGS, "-mod=readonly"].filter(Boolean).join(" ") },
    });
  finish(partial);
  for (const file of expected)
    if (!fs.existsSync(path.join(partial, file))) throw new Error(`the ${label} build left no ${file}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(partial, dir);
  say(`built the ${label} in ${((Date.now() - started) / 1000).toFixed(0)} s into ${dir}`);
}

/** The YAML language host the native provider's YAML programs run with. */
function buildYamlHost(): void {
  buildCachedTools(
    "YAML language host",
    yamlHostDir(),
    ["pulumi-language-yaml"],
    [
      {
        moduleDir: "tools/pulumi-language-yaml",
        pkg: "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml",
        output: "pulumi-language-yaml",
      },
    ],
  );
}

/**
 * The Python language host the native provider's Python program runs with, its `pulumi-language-python-exec`
 * script (which the host runs with the program's Python; Go does not build it, so it is copied from the module
 * cache) and sdkgen, which writes the program's SDK from schema.json.
 */
function buildPythonHost(): void {
  buildCachedTools(
    "Python language host",
    pythonHostDir(),
    PYTHON_HOST_FILES,
    [
      {
        moduleDir: "tools/pulumi-language-python",
        pkg: "github.com/pulumi/pulumi/sdk/v3/python/cmd/pulumi-language-python",
        output: "pulumi-language-python",
      },
      { moduleDir: "tools/pulumi-language-python/sdkgen", pkg: ".", output: "sdkgen" },
    ],
    (partial) => {
      const moduleCache = execFileSync("go", ["env", "GOMODCACHE"], { encoding: "utf8" }).trim();
      const script = path.join(
        moduleCache,
        `github.com/pulumi/pulumi/sdk/v3@v${pythonHostVersion()}`,
        "python/cmd/pulumi-language-python-exec",
      );
      fs.copyFileSync(script, path.join(partial, "pulumi-language-python-exec"));
      // The module cache is read-only; the copy must be executable.
      fs.chmodSync(path.join(partial, "pulumi-language-python-exec"), 0o755);
    },
  );
}

function main(): void {
  const found = locateCli();
  const go = goAvailable();
  if (!("dir" in found) && !go) {
    const message = `no Pulumi CLI: ${found.reason}; Go is not on PATH to build one (install Go 1.26 or newer, or a Pulumi CLI >= 3.216 with its language hosts)`;
    if (process.env.CI === "true") throw new Error(message);
    say(`${message}; the real-CLI tests will be skipped`);
    return;
  }
  if (go) {
    say(`with ${go}`);
    buildYamlHost();
    buildPythonHost();
  }
  if ("dir" in found) {
    say(
      found.source === "path"
        ? `using the pulumi ${found.version} on PATH, with its Node.js host beside it`
        : `using the cached Pulumi CLI ${found.version}`,
    );
    say(found.dir);
    return;
  }
  say(build());
}

try {
  main();
} catch (error) {
  process.stderr.write(`pulumi:install failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
