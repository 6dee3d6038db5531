import * as pulumi from "@pulumi/pulumi";

/** The value an Output settles to, and whether it is marked secret, outside a deployment (as a unit test runs). */
export async function settled<T>(output: pulumi.Output<T>): Promise<{ value: T; secret: boolean }> {
  const value = await new Promise<T>((resolve, reject) => {
    output.apply((resolved) => resolve(resolved));
    // A rejected function rejects the Output's promise: surface it instead of waiting forever.
    (output as unknown as { promise(): Promise<unknown> }).promise().catch(reject);
  });
  return { value, secret: await pulumi.isSecret(output) };
}
