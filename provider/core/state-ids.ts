/**
 * The ids the engine has shown this process as held in the stack's state: diff, read, update and delete carry
 * them. A create that finds an object matching its request at the vendor uses this to tell one this stack holds
 * (a twin resource declared the same way, already diffed in this run) from one it does not know, such as what an
 * interrupted `pulumi up` made before it was killed. A forced replacement (`pulumi up --replace`) tells the
 * provider nothing of the object it replaces (the engine checks the replacement with no old inputs and skips
 * diff), so it cannot be told apart from a stranger: DECISIONS.md, 2026-12-04.
 */
const heldIds = new Set<string>();

export function noteHeldId(id: string): void {
  if (id) heldIds.add(id);
}

export function isHeldId(id: string): boolean {
  return heldIds.has(id);
}
