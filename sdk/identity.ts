import * as pulumi from "@pulumi/pulumi";
import { IDENTITY_INPUT } from "../provider/core/identity-input";

/**
 * The hidden input that tells the provider which resource a create is for: project, stack, type,
 * name and parent, i.e. what makes its URN. The provider derives the vendor Idempotency-Key from it,
 * so a create repeated by a later `pulumi up` replays instead of duplicating. It never causes a diff.
 */
export function identityInput(
  type: string,
  name: string,
  opts: pulumi.CustomResourceOptions | undefined,
): Record<string, pulumi.Input<string>> {
  const parts = [pulumi.getProject(), pulumi.getStack(), type, name];
  const parent = opts?.parent;
  return {
    [IDENTITY_INPUT]: parent ? parent.urn.apply((urn) => [...parts, urn].join("\n")) : parts.join("\n"),
  };
}
