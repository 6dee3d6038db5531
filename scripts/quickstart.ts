/**
 * `npm run quickstart`: the whole first run in one command, no vendor account and no Pulumi login. It starts the
 * sandbox emulators in this process, runs the quickstart program (examples/quickstart) with `pulumi up` through the
 * Automation API on a temporary local backend, prints the webhook it made, then destroys it and removes the
 * temporary stack.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { startSandbox } from "../test/emulators/sandbox";
import { locateCli } from "./pulumi-cli";

const REPO_ROOT = path.resolve(__dirname, "..");
const PROJECT = path.join(REPO_ROOT, "examples", "quickstart");
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const cli = locateCli();
  if (!("dir" in cli))
    throw new Error(
      `${cli.reason}. Install the Pulumi CLI (https://www.pulumi.com/docs/install/), or build one with \`npm run pulumi:install\``,
    );
  if (!fs.existsSync(path.join(REPO_ROOT, "dist", "sdk", "index.js"))) {
    say("building the package first (npm run build)");
    execFileSync("npm", ["run", "build"], { cwd: REPO_ROOT, stdio: "inherit" });
  }
  // Every time: the example installs this clone's package as a copy, which a later build would leave stale.
  say("installing the quickstart project (npm install in examples/quickstart)");
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], {
    cwd: PROJECT,
    stdio: "inherit",
  });
  // The Automation API runs the `pulumi` on this process's PATH; the engine finds the language host there too.
  process.env.PATH = `${cli.dir}${path.delimiter}${process.env.PATH ?? ""}`;
  const sandbox = await startSandbox("free");
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-webhooks-quickstart-"));
  try {
    say(`sandbox: ${sandbox.vendors.map((vendor) => `${vendor.vendor} at ${vendor.url}`).join(", ")}`);
    say(
      `pulumi ${cli.version} from ${cli.dir}; state in ${temp} (a local backend: your Pulumi login is not used)`,
    );
    // The program reads the sandbox's credentials from the environment, as a CI job would: none reach the state.
    const credentials = Object.fromEntries(
      sandbox.vendors.flatMap((vendor) => vendor.settings).map((setting) => [setting.envVar, setting.value]),
    );
    const stack = await LocalWorkspace.createOrSelectStack(
      { stackName: "quickstart", workDir: PROJECT },
      {
        pulumiHome: path.join(temp, "home"),
        envVars: {
          ...credentials,
          PULUMI_BACKEND_URL: `file://${temp}`,
          PULUMI_CONFIG_PASSPHRASE: "quickstart",
          PULUMI_SKIP_UPDATE_CHECK: "true",
        },
      },
    );
    say("\n$ pulumi up");
    const up = await stack.up({ onOutput: (text) => process.stdout.write(text) });
    say(`\nwebhook ${up.outputs.webhookId?.value} now exists in the Erzycall emulator.`);
    say(
      "Its signing secret is a secret output: in your own stack, `pulumi stack output signingSecret --show-secrets` prints it.",
    );
    say("\n$ pulumi destroy");
    await stack.destroy({ onOutput: (text) => process.stdout.write(text) });
    await stack.workspace.removeStack("quickstart");
    say(
      '\nquickstart done: the webhook was created and destroyed, and the stack removed (Pulumi\'s `pulumi stack rm` hint above is already done). Next: README, "Try it locally".',
    );
  } finally {
    await sandbox.close();
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`quickstart failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
