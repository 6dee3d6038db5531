import * as pulumi from "@pulumi/pulumi";

/**
 * A secret input as Pulumi's generated SDKs pass one: wrapped, so the engine encrypts it in state and hides it in
 * previews even when the program gave a plain string (`additionalSecretOutputs` covers the output of the same
 * name, not the stored input). Unset stays unset.
 */
export function asSecret(value: pulumi.Input<string> | undefined): pulumi.Output<string> | undefined {
  return value === undefined ? undefined : pulumi.secret(value);
}

/**
 * The same list with the `secret` of each entry written out in the program wrapped as by `asSecret`: only that
 * field becomes secret, so previews still show each entry's url. A list or entry that is itself an Output or a
 * promise is passed as it is (its secrets are the program's to mark).
 */
export function withEntrySecrets<L>(list: L): L {
  if (!Array.isArray(list)) return list;
  return list.map((entry: unknown) =>
    isWrittenOut(entry) && entry.secret !== undefined ? { ...entry, secret: asSecret(entry.secret) } : entry,
  ) as L;
}

function isWrittenOut(entry: unknown): entry is { secret?: pulumi.Input<string> } {
  return (
    typeof entry === "object" &&
    entry !== null &&
    !Array.isArray(entry) &&
    !pulumi.Output.isInstance(entry) &&
    !(entry instanceof Promise)
  );
}
