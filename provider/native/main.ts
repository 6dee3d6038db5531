#!/usr/bin/env node
/**
 * `pulumi-resource-webhooks`: the plugin the engine starts. It serves the provider and prints the port, the first
 * line of stdout, as every Pulumi plugin does. The engine's address (first argument) is not needed: the provider
 * never calls back into the engine.
 */
import { packageVersion } from "./package-info";
import { serve } from "./server";

serve(packageVersion()).then(
  ({ port }) => process.stdout.write(`${port}\n`),
  (error: unknown) => {
    process.stderr.write(`pulumi-resource-webhooks: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
