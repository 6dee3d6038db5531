#!/usr/bin/env node
/**
 * `pulumi-resource-webhooks`: the plugin the engine starts. It serves the provider and prints the port, the first
 * line of stdout, as every Pulumi plugin does. The engine's address (the first argument that is not a flag) is
 * where its warnings go.
 */
import { packageVersion } from "./package-info";
import { serve } from "./server";

const engineAddress = process.argv.slice(2).find((argument) => !argument.startsWith("-"));

serve(packageVersion(), engineAddress).then(
  ({ port }) => process.stdout.write(`${port}\n`),
  (error: unknown) => {
    process.stderr.write(
      `pulumi-resource-webhooks: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
