/**
 * Ids the engine has named to this process as held in the stack's state: diff, read, update and delete carry
 * them. A create that finds an object matching its request at the vendor uses this to tell one this stack holds
 * (the old object of a replacement made before the old one is removed) from one it does not know, such as what an
 * interrupted `pulumi up` made before it was killed.
 */
const held = new Set<string>();

export function noteHeldId(id: string): void {
  if (id) held.add(id);
}

export function isHeldId(id: string): boolean {
  return held.has(id);
}
