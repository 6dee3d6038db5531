import * as pulumi from "@pulumi/pulumi";

/**
 * A secret input as Pulumi's generated SDKs pass one: wrapped, so the engine encrypts it in state and hides it in
 * previews even when the program gave a plain string (`additionalSecretOutputs` covers the output of the same
 * name, not the stored input). Unset stays unset.
 */
export function asSecret(value: pulumi.Input<string> | undefined): pulumi.Output<string> | undefined {
  return value === undefined ? undefined : pulumi.secret(value);
}
