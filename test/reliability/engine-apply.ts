/**
 * What `pulumi up` does for one declared resource, as far as the fault runner needs it, following the engine's
 * step generator: Check; Create when nothing is in state; else Diff, then Update, or Replace as the provider's
 * diff says (delete first when it answers deleteBeforeReplace, else create the new object and leave the old one
 * to be deleted after the run: a pending delete). A resource kept from a partial failure (init errors) gets an
 * Update even when Diff finds nothing, so the provider can finish it. Pending deletes left by a failed run are
 * deleted at the start of the next one, as the engine's GeneratePendingDeletes does.
 */
import { HostCallError, type HostClient, type PropertyMap } from "../harness";

export interface Stored {
  id: string;
  inputs: PropertyMap;
  outputs: PropertyMap;
  /** Kept from a partial failure: the next run updates it whatever Diff says. */
  initErrors?: boolean;
}

/** The engine's state for one fault run: resources by index, and old objects of replacements not deleted yet. */
export interface RunState {
  resources: Map<number, Stored>;
  pendingDeletes: Array<{ index: number; stored: Stored }>;
}

export async function applyDeclared(
  host: HostClient,
  urn: string,
  state: RunState,
  index: number,
  news: PropertyMap,
): Promise<void> {
  const stored = state.resources.get(index);
  const checked = await host.check(urn, stored?.inputs ?? {}, news);
  if (checked.failures.length) throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
  const create = async () => {
    try {
      const created = await host.create(urn, checked.inputs);
      state.resources.set(index, { id: created.id, inputs: checked.inputs, outputs: created.properties });
    } catch (error) {
      keepPartial(error, state, index, checked.inputs);
      throw error;
    }
  };
  if (!stored) return create();

  const diff = await host.diff(stored.id, urn, stored.outputs, checked.inputs, { oldInputs: stored.inputs });
  if (diff.changes !== "some" && !stored.initErrors)
    return void state.resources.set(index, { ...stored, inputs: checked.inputs });
  if (diff.replaces.length) {
    if (diff.deleteBeforeReplace) {
      await host.delete(stored.id, urn, stored.outputs, { oldInputs: stored.inputs });
      state.resources.delete(index);
      return create();
    }
    try {
      await create();
    } finally {
      // Once the replacement exists (even half-made) the old object is the engine's to delete; if nothing was
      // made, the old one stays the resource.
      if (state.resources.get(index) !== stored) state.pendingDeletes.push({ index, stored });
    }
    return;
  }
  try {
    const updated = await host.update(stored.id, urn, stored.outputs, checked.inputs, {
      oldInputs: stored.inputs,
    });
    state.resources.set(index, { id: stored.id, inputs: checked.inputs, outputs: updated.properties });
  } catch (error) {
    keepPartial(error, state, index, checked.inputs, stored.id);
    throw error;
  }
}

/** A partial failure: the engine keeps what the provider reported, and the next run continues from it. */
function keepPartial(error: unknown, state: RunState, index: number, inputs: PropertyMap, id?: string): void {
  if (error instanceof HostCallError && error.initFailure) {
    state.resources.set(index, {
      id: id ?? error.initFailure.id,
      inputs,
      outputs: error.initFailure.properties,
      initErrors: true,
    });
  }
}

/** Deletes the old objects of replacements; those that fail stay pending. Returns how many failed. */
export async function deletePending(
  host: HostClient,
  urn: (index: number) => string,
  state: RunState,
  each: <T>(items: T[], work: (item: T) => Promise<void>) => Promise<void>,
  errors: string[],
): Promise<number> {
  const pending = state.pendingDeletes.splice(0);
  await each(pending, async (item) => {
    try {
      await host.delete(item.stored.id, urn(item.index), item.stored.outputs, {
        oldInputs: item.stored.inputs,
      });
    } catch (error) {
      state.pendingDeletes.push(item);
      errors.push(String(error));
    }
  });
  return state.pendingDeletes.length;
}
