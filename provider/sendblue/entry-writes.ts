/**
 * sendblue.Webhook's writes: every entry change for one account goes through one batcher, so while a write to the
 * account is in flight the others queue, and the next batch sends one DELETE and one POST per type with all queued
 * entries (both take lists). Writes to an account never overlap (Sendblue's append and remove may not be atomic).
 *
 * Confirmation costs no extra round trip where Sendblue's answer shows the result: a POST answers with the list of
 * the type it appended to, so each added entry is judged on it. A DELETE's answer shows nothing, and a POST whose
 * answer is lost or shows no list is in doubt: those members are judged on one read-back GET, sent after the batch's
 * writes but outside the account lock, so the next batch's writes need not wait for it. A member the document did
 * not keep is queued again, up to MAX_WRITES writes in all.
 *
 * The look before an append (is the entry there already?) is the account view (./account-view) when every list it
 * needs was seen fresh after the change was checked, else one GET for the batch. A batch whose write failed fails each
 * of its members with the vendor's error, unless Sendblue refused the list as invalid: then each entry is sent alone,
 * and only the one it refuses fails.
 */
import { KeyedBatcher, type Waiting } from "../core/batcher";
import { mayHaveBeenApplied, ResourceInitError, WebhookApiError } from "../core/errors";
import type { ApiTarget } from "../core/http";
import * as view from "./account-view";
import * as client from "./client";
import { MAX_WRITES, notKept } from "./write-attempts";
import * as timeline from "./timeline";
import {
  entriesOf,
  entryFromWire,
  entryToWire,
  webhookId,
  type DocumentWire,
  type Entry,
  type EntryWire,
  type SendblueType,
} from "./schema";

const VENDOR = "Sendblue";

export type EntryChange =
  | {
      kind: "add";
      type: SendblueType;
      url: string;
      secret: string | undefined;
      adopt: boolean;
      /** The second half of such a replacement: an entry still at that url is the old one, never a conflict. */
      replacing?: boolean;
    }
  | {
      kind: "remove";
      type: SendblueType;
      url: string;
      /**
       * The first half of a replacement that keeps type and url: the append that follows is confirmed on an answer
       * listing that url, which shows this removal's result too, so an accepted DELETE needs no read-back of its own.
       */
      replacing?: boolean;
    };

/** A change, the account it is for (all items of one batch share the account), and what was done for it so far. */
interface Submitted {
  api: ApiTarget;
  change: EntryChange;
  /** `Date.now()` at submission, for the timeline. */
  submittedAt: number;
  /** `performance.now()` after which a look at the document is fresh enough for this change. */
  since: number;
  /** Writes already sent for this change (it comes back when the document did not keep it). */
  attempt: number;
  /** The last ambiguous write failure, reported if the change is never seen kept. */
  failure?: unknown;
  /** A write for it surely landed once (a failed read-back then leaves a partial create). */
  written: boolean;
}

/** What the batch gives each change: the promise of its confirmation, which may come after the account lock is released. */
interface Pending {
  confirmed: Promise<void>;
}

export function matching(document: DocumentWire, type: SendblueType, url: string): Entry[] {
  return entriesOf(document, type).filter((entry) => entry.url === url);
}

function conflict(type: SendblueType, url: string): WebhookApiError {
  return new WebhookApiError({
    code: "WH_CONFLICT",
    vendor: VENDOR,
    operation: "add webhook",
    cause: `the account already has a ${type} webhook for ${url} (added by hand or by another program)`,
    hint: "set `adopt: true` to take it over (also when an interrupted run made it), or use another url",
  });
}

/** One change of a batch and what the batch has done for it. */
interface Member {
  readonly waiting: Waiting<Submitted, Pending>;
  readonly item: Submitted;
  readonly change: EntryChange;
  written: boolean;
  failure?: unknown;
  settled: boolean;
  /** Its write was sent and its answer did not show the result: the read-back decides. */
  inDoubt: boolean;
}

function settle(member: Member, error?: unknown): void {
  member.settled = true;
  if (error === undefined) member.waiting.resolve({ confirmed: Promise.resolve() });
  else member.waiting.reject(error);
}

/** Whether `entries` (one type's list) hold what the change wants: exactly one copy, with its secret; or none. */
function keptIn(entries: readonly Entry[], change: EntryChange): boolean {
  const found = entries.filter((entry) => entry.url === change.url);
  return change.kind === "remove"
    ? found.length === 0
    : found.length === 1 && found[0]?.secret === change.secret;
}

function satisfied(document: DocumentWire, change: EntryChange): boolean {
  return keptIn(entriesOf(document, change.type), change);
}

function groupByType(members: Member[]): Map<SendblueType, Member[]> {
  const groups = new Map<SendblueType, Member[]>();
  for (const member of members)
    groups.set(member.change.type, [...(groups.get(member.change.type) ?? []), member]);
  return groups;
}

/**
 * Sendblue answers a list with one verdict. A 400 or 422 about a list of several entries may be about one of them
 * (a url Sendblue refuses that check let through), so each is then sent alone: only the entry it refuses fails. Any
 * other answer (401, 429 past the retry budget, a lost response) is about the request, not an entry.
 */
async function writeGroup<R>(
  members: Member[],
  write: (group: Member[]) => Promise<R>,
  outcome: (group: Member[], result: { answer?: R; error?: unknown }) => void,
): Promise<void> {
  try {
    const answer = await write(members);
    outcome(members, { answer });
  } catch (error) {
    const aboutAnEntry =
      error instanceof WebhookApiError && (error.statusCode === 400 || error.statusCode === 422);
    if (members.length === 1 || !aboutAnEntry) return outcome(members, { error });
    for (const member of members) await writeGroup([member], write, outcome);
  }
}

/**
 * DELETEs first: one per type, for the removals and for additions whose url is there in another form (another
 * secret, or twice), since DELETE removes every copy of a url. A failed DELETE fails its members; an accepted one
 * leaves its removals to the read-back, since its answer shows no list.
 */
async function sendRemovals(
  api: ApiTarget,
  open: Member[],
  document: DocumentWire | undefined,
): Promise<void> {
  const removing = open.filter((member) =>
    member.change.kind === "remove"
      ? true
      : document !== undefined && matching(document, member.change.type, member.change.url).length > 0,
  );
  for (const [type, members] of groupByType(removing)) {
    await writeGroup(
      members,
      (group) =>
        client.removeEntries(
          api,
          type,
          group.map((member) => member.change.url),
        ),
      (group, { error }) => {
        if (error !== undefined) {
          view.forget(api);
          return group.forEach((member) => settle(member, error));
        }
        view.removed(
          api,
          type,
          group.map((member) => member.change.url),
        );
        for (const member of group) {
          if (member.change.kind !== "remove") continue;
          if (member.change.replacing) settle(member);
          else member.inDoubt = true;
        }
      },
    );
  }
}

/**
 * Then one POST per type with every addition. Its answer lists the type it wrote: each member is judged on it (kept,
 * or queued again); an answer that shows no list, or that never came, leaves the members to the read-back.
 */
async function sendAdditions(api: ApiTarget, open: Member[]): Promise<void> {
  const adding = open.filter((member) => !member.settled && member.change.kind === "add");
  const wire = ({ change }: Member): EntryWire =>
    entryToWire({
      url: change.url,
      ...(change.kind === "add" && change.secret !== undefined ? { secret: change.secret } : {}),
    });
  for (const [type, members] of groupByType(adding)) {
    await writeGroup(
      members,
      (group) => client.appendEntries(api, type, group.map(wire)),
      (group, { answer, error }) => {
        if (error === undefined) {
          view.appended(api, type, answer);
          for (const member of group) {
            member.written = true;
            member.failure = undefined;
            if (answer === undefined) member.inDoubt = true;
            else settleOn(member, keptIn(answer.map(entryFromWire), member.change));
          }
        } else {
          view.forget(api);
          for (const member of group) {
            if (!mayHaveBeenApplied(error)) {
              settle(member, error);
              continue;
            }
            member.written = false;
            member.failure = error;
            member.inDoubt = true;
          }
        }
      },
    );
  }
}

/**
 * Settles a member on what the document shows. One the document did not keep goes back to the queue (a fresh look,
 * another write) until MAX_WRITES writes were sent for it; then it fails with the last ambiguous failure, or says it
 * was not kept.
 */
function settleOn(member: Member, kept: boolean): void {
  member.settled = true;
  member.waiting.resolve({ confirmed: verdict(member, kept) });
}

function verdict(member: Member, kept: boolean): Promise<void> {
  if (kept) return Promise.resolve();
  const { change } = member;
  const attempt = member.item.attempt + 1;
  if (attempt >= MAX_WRITES)
    return Promise.reject(
      member.failure ??
        notKept(
          `${change.kind === "add" ? "add" : "delete"} webhook`,
          `the ${change.type} webhook ${change.url}`,
        ),
    );
  return submit({
    ...member.item,
    since: performance.now(),
    attempt,
    failure: member.failure,
    written: member.written || member.item.written,
  });
}

/**
 * A read-back that fails after a write Sendblue accepted, or after one whose answer never came (it may have landed),
 * may leave the entry made: a partial create, kept in state under the id known in advance. The next `up` updates it,
 * which adds the entry if it is missing, instead of refusing an entry that already exists.
 */
function readBackFailure(member: Member, error: unknown): unknown {
  const { change } = member;
  const mayHaveLanded =
    member.written ||
    member.item.written ||
    (member.failure !== undefined && mayHaveBeenApplied(member.failure));
  if (change.kind !== "add" || !mayHaveLanded) return error;
  return new ResourceInitError(
    webhookId(change.type, change.url),
    { type: change.type, url: change.url, secret: change.secret, adopt: change.adopt },
    error,
  );
}

/** The members in doubt are judged on one GET, sent now that their writes are done; each gets a promise of it. */
function confirmByReadBack(api: ApiTarget, members: Member[]): void {
  if (members.length === 0) return;
  timeline.requestSent("GET read-back");
  const readBack = view.readAndRemember(api);
  for (const member of members) {
    member.settled = true;
    const confirmed = readBack.then(
      (document) => verdict(member, satisfied(document, member.change)),
      (error: unknown) => Promise.reject(readBackFailure(member, error)),
    );
    member.waiting.resolve({ confirmed });
  }
}

/** Runs under the account lock: the look, then the writes; confirmations by read-back go on after it is released. */
async function runBatch(api: ApiTarget, batch: Waiting<Submitted, Pending>[]): Promise<void> {
  const members: Member[] = batch.map((waiting) => ({
    waiting,
    item: waiting.item,
    change: waiting.item.change,
    written: false,
    settled: false,
    inDoubt: false,
    failure: waiting.item.failure,
  }));
  const adds = members.filter((member) => member.change.kind === "add");
  timeline.batchStarted(
    adds.length,
    members.length - adds.length,
    batch.map((waiting) => waiting.item.submittedAt),
  );
  try {
    // Additions look first (an entry that is already there is a conflict, or adopted); removals need no look.
    let document: DocumentWire | undefined;
    if (adds.length > 0) {
      const since = Math.max(...adds.map((member) => member.item.since));
      const types = [...new Set(adds.map((member) => member.change.type))];
      document = view.lookFor(api, types, since);
      if (!document) {
        timeline.requestSent("GET look");
        document = await view.readAndRemember(api);
      }
    }
    for (const member of members) {
      const { change } = member;
      const first = member.item.attempt === 0;
      const mayConflict = change.kind === "add" && first && !change.adopt && !change.replacing;
      if (document && mayConflict && matching(document, change.type, change.url).length > 0)
        settle(member, conflict(change.type, change.url));
      else if (document && satisfied(document, change)) settle(member);
    }
    const open = members.filter((member) => !member.settled);
    await sendRemovals(api, open, document);
    // The removals' read-back starts now, beside the POSTs: it is sent after every DELETE was answered, and the POSTs
    // (Sendblue reads the document for them after those DELETEs too) touch other urls.
    const inDoubt = () => members.filter((member) => !member.settled && member.inDoubt);
    confirmByReadBack(api, inDoubt());
    await sendAdditions(api, open);
    // Every member is settled by now, but additions in doubt, which a read-back of their own settles.
    confirmByReadBack(api, inDoubt());
  } finally {
    timeline.batchEnded();
  }
}

/**
 * A batch takes its entries one event-loop turn after it gets the account lock: the engine sends its operations
 * together (16 deletes at once), and the first of them to arrive would otherwise go alone, with the others a whole
 * write behind it, and the batches would alternate between 1 entry and 15 from then on.
 */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

const batcher = new KeyedBatcher<Submitted, Pending>({
  lock: (key, section) => client.withAccountKeyLock(key, async () => (await nextTurn(), section())),
  target: ({ change }) => `${change.type} ${change.url}`,
  run: (_key, batch) => runBatch(batch[0]!.item.api, batch),
});

function submit(item: Submitted): Promise<void> {
  return batcher.submit(client.accountKey(item.api), item).then((pending) => pending.confirmed);
}

/**
 * When each entry was last checked: the engine checks a resource before it creates it (and before deleting the one it
 * replaces), so a look at the document taken after the check is as fresh as the user's declaration needs.
 */
const checkedAt = new Map<string, number>();
const CHECKS_KEPT = 10_000;

export function noteChecked(type: SendblueType, url: string): void {
  if (checkedAt.size >= CHECKS_KEPT) checkedAt.clear();
  checkedAt.set(`${type} ${url}`, performance.now());
}

/** Entries whose diff said "replace, deleting the old one first": the delete, then the create, of one replacement. */
const replacingDelete = new Set<string>();
const replacingCreate = new Set<string>();

export function noteReplacing(type: SendblueType, url: string): void {
  for (const notes of [replacingDelete, replacingCreate]) {
    if (notes.size >= CHECKS_KEPT) notes.clear();
    notes.add(`${type} ${url}`);
  }
}

/** Makes the account hold `change` (exactly one entry as declared, or none), confirmed by what Sendblue shows. */
export function applyEntryChange(api: ApiTarget, change: EntryChange): Promise<void> {
  const key = `${change.type} ${change.url}`;
  const checked = checkedAt.get(key);
  checkedAt.delete(key);
  if ((change.kind === "remove" ? replacingDelete : replacingCreate).delete(key))
    change = { ...change, replacing: true };
  return submit({
    api,
    change,
    submittedAt: Date.now(),
    since: checked ?? performance.now(),
    attempt: 0,
    written: false,
  });
}
