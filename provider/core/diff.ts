import { isDeepStrictEqual } from "node:util";
import { containsUnknown } from "./check";

/**
 * How a change of one input is carried out: in place, by replacing the object, or not at all
 * (inputs that only matter on create, such as `adopt`).
 */
export type ChangeKind = "update" | "replace" | "ignore";

export interface DiffOutcome {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

export interface DiffOptions {
  /** Decides, from the properties being replaced, whether the old object must go first. */
  deleteBeforeReplace?: (replaced: string[]) => boolean;
}

/**
 * Compares checked inputs with the stored outputs, field by field as the spec says. A value still
 * unknown at preview counts as a change. Keys outside the spec (outputs only, `__provider`) never do.
 */
export function diffBySpec<Inputs extends object>(
  olds: object,
  news: Inputs,
  spec: Record<keyof Inputs & string, ChangeKind>,
  options: DiffOptions = {},
): DiffOutcome {
  const before = olds as Record<string, unknown>;
  const after = news as Record<string, unknown>;
  const kinds = spec as Record<string, ChangeKind>;
  const changed = Object.keys(kinds).filter(
    (key) =>
      kinds[key] !== "ignore" && (containsUnknown(after[key]) || !isDeepStrictEqual(before[key], after[key])),
  );
  const replaces = changed.filter((key) => kinds[key] === "replace");
  return {
    changes: changed.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0 && (options.deleteBeforeReplace?.(replaces) ?? false),
  };
}
