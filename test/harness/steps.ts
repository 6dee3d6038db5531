/**
 * Engine steps that host tests repeat, built on the bare gRPC calls of `HostClient`.
 */
import type { HostClient, PropertyMap } from "./host-protocol";

export interface Created {
  id: string;
  properties: PropertyMap;
  /** The inputs after check: what the engine stores as the resource's inputs. */
  inputs: PropertyMap;
}

/** What `pulumi up` does for a resource not yet in state: check (which must pass), then create. */
export async function checkAndCreate(host: HostClient, urn: string, news: PropertyMap): Promise<Created> {
  const checked = await host.check(urn, {}, news);
  if (checked.failures.length > 0)
    throw new Error(`check failed for ${urn}: ${JSON.stringify(checked.failures)}`);
  const created = await host.create(urn, checked.inputs);
  return { ...created, inputs: checked.inputs };
}

/**
 * The same inputs as another resource of the same program: the SDK derives `__identity` from the resource's
 * name, so another name means another identity (and another idempotency key).
 */
export function asAnotherResource(inputs: PropertyMap, name: string): PropertyMap {
  return { ...inputs, __identity: `${String(inputs.__identity)}-${name}` };
}
