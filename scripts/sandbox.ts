/**
 * `npm run sandbox`: every vendor emulator on its fixed loopback port, with the config lines that point the
 * provider at them. `--free-ports` lets the system pick the ports (for tests running next to a real sandbox).
 */
import { sandboxInstructions, startSandbox } from "../test/emulators/sandbox";

async function main(): Promise<void> {
  const sandbox = await startSandbox(process.argv.includes("--free-ports") ? "free" : "fixed", (line) =>
    process.stdout.write(`${line}\n`),
  );
  process.stdout.write(sandboxInstructions(sandbox));
  const stop = () => void sandbox.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `sandbox failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
