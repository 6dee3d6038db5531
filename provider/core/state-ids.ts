/**
 * What the engine has shown this process of the stack's state: the ids that diff, read, update and delete carry,
 * and the declarations (previous inputs) that check carries for every resource already in state. A create that
 * finds an object matching its request at the vendor uses this to tell one this stack holds (the old object of a
 * replacement made before the old one is removed: `--replace`, which skips diff) from one it does not know, such
 * as what an interrupted `pulumi up` made before it was killed.
 */
const heldIds = new Set<string>();
const heldDeclarations = new Set<string>();

/** JSON with keys sorted and undefined values dropped, so equal declarations compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item as Record<string, unknown>).filter(([, field]) => field !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)))
      : item,
  );
}

export function noteHeldId(id: string): void {
  if (id) heldIds.add(id);
}

export function isHeldId(id: string): boolean {
  return heldIds.has(id);
}

/** `inputs` of a resource already in state (a check's `olds`); empty ones (a new resource) are not noted. */
export function noteHeldDeclaration(inputs: Record<string, unknown>): void {
  if (Object.keys(inputs).length > 0) heldDeclarations.add(canonical(inputs));
}

/** Whether a resource in state was declared with exactly these inputs. */
export function isHeldDeclaration(inputs: unknown): boolean {
  return heldDeclarations.has(canonical(inputs));
}
