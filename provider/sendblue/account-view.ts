/**
 * What this process last saw of each account's document, list by list, and when each list was last seen fresh: a
 * GET that no write of ours overlapped, or a POST's answer (the appended type's list). A DELETE this process sent
 * and Sendblue accepted is applied to the view, without making it fresher. The view serves as the look before an
 * append (is the entry there already?) for a change that arrived before the list was last seen fresh, so a stream
 * of appends needs no GET of its own; any write whose result is unknown drops the view.
 */
import * as client from "./client";
import type { ApiTarget } from "../core/http";
import { SENDBLUE_TYPES, type DocumentWire, type EntryWire, type SendblueType } from "./schema";

interface View {
  document: DocumentWire;
  /** `performance.now()` at which each list was last seen fresh (sub-millisecond: a change checked in the same millisecond must not pass). */
  seenAt: Record<SendblueType, number>;
  /** This process's write count the view accounts for: any other write since makes it unknown. */
  writes: number;
}

const views = new Map<string, View>();

const urlOf = (entry: EntryWire): string => (typeof entry === "string" ? entry : entry.url);

/** The document as a look for a change checked at `since` (`performance.now()`), when every list it needs was seen fresh after. */
export function lookFor(
  api: ApiTarget,
  types: readonly SendblueType[],
  since: number,
): DocumentWire | undefined {
  const view = views.get(client.accountKey(api));
  if (!view || view.writes !== client.writeCount(api)) return undefined;
  return types.every((type) => view.seenAt[type] > since) ? view.document : undefined;
}

/**
 * The document as this process knows it, however long ago each list was seen, when it accounts for every write of
 * ours: the look for the create of a replacement that keeps type and url, which asks only whether the old entry is
 * still there (its DELETE, accepted, was applied to the view), never whether a stranger added the url since Check.
 */
export function known(api: ApiTarget): DocumentWire | undefined {
  const view = views.get(client.accountKey(api));
  return view && view.writes === client.writeCount(api) ? view.document : undefined;
}

/**
 * A fresh GET of the whole document, which also becomes the view when no write of ours was sent or on its way while
 * it ran (it then shows every write of ours and nothing is in doubt).
 */
export async function readAndRemember(api: ApiTarget): Promise<DocumentWire> {
  const writes = client.writeCount(api);
  const quiet = !client.writingNow(api);
  const document = await client.readDocumentFresh(api);
  if (quiet && writes === client.writeCount(api)) {
    const now = performance.now();
    views.set(client.accountKey(api), {
      document,
      seenAt: Object.fromEntries(SENDBLUE_TYPES.map((type) => [type, now])) as View["seenAt"],
      writes,
    });
  }
  return document;
}

/**
 * After a POST: its answer's list for `type` becomes the view's (fresh). Returns that list when it can be taken for
 * the whole list, else undefined (and the view is dropped): the answer did not show it, or it lacks an entry the
 * view held (the answer is documented as possibly partial, and may show only what was appended; the contract's
 * whole list is a GET's).
 */
export function appended(
  api: ApiTarget,
  type: SendblueType,
  shown: EntryWire[] | undefined,
): EntryWire[] | undefined {
  const view = current(api);
  if (shown === undefined) {
    forget(api);
    return undefined;
  }
  if (!view) {
    forget(api);
    return shown;
  }
  const shownUrls = new Set(shown.map(urlOf));
  if (!view.document[type].every((entry) => shownUrls.has(urlOf(entry)))) {
    forget(api);
    return undefined;
  }
  view.document = { ...view.document, [type]: shown };
  view.seenAt[type] = performance.now();
  return shown;
}

/** After a DELETE Sendblue accepted: the urls are gone from `type` (no fresher for it). */
export function removed(api: ApiTarget, type: SendblueType, urls: readonly string[]): void {
  const view = current(api);
  if (!view) return forget(api);
  view.document = {
    ...view.document,
    [type]: view.document[type].filter((entry) => !urls.includes(urlOf(entry))),
  };
}

/** A write whose result is unknown (failed, or its answer may be lost): nothing is known any more. */
export function forget(api: ApiTarget): void {
  views.delete(client.accountKey(api));
}

/** The view, if it accounted for every write before the one just sent; it then accounts for that one too. */
function current(api: ApiTarget): View | undefined {
  const view = views.get(client.accountKey(api));
  if (!view || view.writes !== client.writeCount(api) - 1) return undefined;
  view.writes = client.writeCount(api);
  return view;
}
