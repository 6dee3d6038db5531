/**
 * sendblue.Webhook's writes: every entry change for one account goes through one batcher, so while a write to the
 * account is in flight the others queue, and the next batch sends one DELETE and one POST per type with all queued
 * entries (both take lists). Writes to an account never overlap (Sendblue's append and remove may not be atomic).
 * A batch waits while the engine's operations keep arriving (./arrivals), and the creates of replacements whose
 * DELETE it sent join its POST (the engine calls them as soon as the delete returns).
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
import * as arrivals from "./arrivals";
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
  /** The first look found the account already holding the change: nothing was written for it. */
  asFound?: boolean;
}

/** The entries of one url. Read for every resource of a refresh, so only the matches are converted. */
export function matching(document: DocumentWire, type: SendblueType, url: string): Entry[] {
  return document[type]
    .filter((entry) => (typeof entry === "string" ? entry : entry.url) === url)
    .map(entryFromWire);
}

function conflict(type: SendblueType, url: string): WebhookApiError {
  return new WebhookApiError({
    code: "WH_CONFLICT",
    vendor: VENDOR,
    operation: "add webhook",
    cause: `the account already has a ${type} webhook for ${url} (added by hand, by another program, or by another resource of this one)`,
    hint:
      "set `adopt: true` to take it over (also when an interrupted run made it), or use another url; two resources " +
      'of one program cannot share an entry. A renamed resource keeps its entry with the option `aliases: [{ name: "<its old name>" }]`',
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
  /** Settled with an error. */
  failed: boolean;
  /** Its write was sent and its answer did not show the result: the read-back decides. */
  inDoubt: boolean;
  /** Sendblue refused its DELETE (400/422): done if the read-back shows the url gone, else this error. */
  refusal?: unknown;
}

function settle(member: Member, error?: unknown): void {
  member.settled = true;
  member.failed = error !== undefined;
  if (error === undefined) member.waiting.resolve({ confirmed: Promise.resolve() });
  else member.waiting.reject(error);
}

/** Settled by the first look, before any write for it: the account held it already. */
function settleAsFound(member: Member): void {
  member.settled = true;
  member.failed = false;
  member.waiting.resolve({ confirmed: Promise.resolve(), asFound: true });
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
    if (members.length === 1 || !refusedAsInvalid(error)) return outcome(members, { error });
    for (const member of members) await writeGroup([member], write, outcome);
  }
}

function refusedAsInvalid(error: unknown): boolean {
  return error instanceof WebhookApiError && (error.statusCode === 400 || error.statusCode === 422);
}

/** A write, its round trip noted for the account (a batch's waits are shares of it). */
async function timed<R>(api: ApiTarget, write: () => Promise<R>): Promise<R> {
  const started = performance.now();
  try {
    return await write();
  } finally {
    arrivals.wroteIn(client.accountKey(api), performance.now() - started);
  }
}

/**
 * The url once for each copy the look shows (at least once). Sendblue's DELETE is taken to remove every copy of a
 * url it names, but that is assumed: a DELETE that removes one copy per url named then still leaves none, and one
 * that removes every copy is not changed by the repeats.
 */
function copiesToRemove(document: DocumentWire | undefined, change: EntryChange): string[] {
  const copies = document === undefined ? 1 : Math.max(1, matching(document, change.type, change.url).length);
  return Array.from({ length: copies }, () => change.url);
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
        timed(api, () =>
          client.removeEntries(
            api,
            type,
            group.flatMap((member) => copiesToRemove(document, member.change)),
          ),
        ),
      (group, { error }) => {
        if (error !== undefined) {
          view.forget(api);
          for (const member of group) {
            // Whether a DELETE of a url that is not there fails is not documented: a refusal of a removal is
            // judged on the read-back (the url gone is all the removal wants), never reported at once.
            if (member.change.kind === "remove" && refusedAsInvalid(error)) {
              member.refusal = error;
              member.inDoubt = true;
            } else settle(member, error);
          }
          return;
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
 * or queued again); an answer that shows no list, or a list lacking entries known to be there (partial), or that
 * never came, leaves the members to the read-back.
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
      (group) => timed(api, () => client.appendEntries(api, type, group.map(wire))),
      (group, { answer, error }) => {
        if (error === undefined) {
          const whole = view.appended(api, type, answer);
          for (const member of group) {
            member.written = true;
            member.failure = undefined;
            if (whole === undefined) member.inDoubt = true;
            else settleOn(member, keptIn(whole.map(entryFromWire), member.change));
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
  }).then(() => undefined);
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
      (document) => {
        const kept = satisfied(document, member.change);
        return member.refusal !== undefined && !kept ? Promise.reject(member.refusal) : verdict(member, kept);
      },
      (error: unknown) => Promise.reject(readBackFailure(member, error)),
    );
    member.waiting.resolve({ confirmed });
  }
}

function memberOf(waiting: Waiting<Submitted, Pending>): Member {
  return {
    waiting,
    item: waiting.item,
    change: waiting.item.change,
    written: false,
    settled: false,
    failed: false,
    inDoubt: false,
    failure: waiting.item.failure,
  };
}

const targetOf = ({ type, url }: EntryChange) => `${type} ${url}`;

/**
 * The look for additions without a GET of its own, when the view serves: for the create of a replacement that keeps
 * type and url, the view as it stands (it asks only whether the old entry is gone); for any other, the view when
 * every list it needs was seen fresh after the change was checked.
 */
function lookFromView(api: ApiTarget, adds: readonly Submitted[]): DocumentWire | undefined {
  const checked = adds.filter((item) => !(item.change.kind === "add" && item.change.replacing));
  if (checked.length === 0) return view.known(api);
  const since = Math.max(...checked.map((item) => item.since));
  return view.lookFor(api, [...new Set(checked.map((item) => item.change.type))], since);
}

/** Settles, on the look, the additions that conflict with an entry already there and the changes it shows done. */
function settleOnLook(members: readonly Member[], document: DocumentWire | undefined): void {
  if (!document) return;
  for (const member of members) {
    const { change } = member;
    const first = member.item.attempt === 0;
    const mayConflict = change.kind === "add" && first && !change.adopt && !change.replacing;
    if (mayConflict && matching(document, change.type, change.url).length > 0)
      settle(member, conflict(change.type, change.url));
    else if (satisfied(document, change)) {
      if (first && !member.item.written) settleAsFound(member);
      else settle(member);
    }
  }
}

/**
 * After the batch's DELETEs: the creates that may join its POSTs. The engine calls the create of a replacement as
 * soon as its delete returns, so those arrive while the batch runs; waiting a little for them (at most a share of a
 * write's round trip) saves each a whole batch. Any other waiting addition the view serves joins too, if its url is
 * not there in another form (that would need a DELETE first) and no open member of the batch is for the same entry.
 */
async function joinWaiting(api: ApiTarget, members: readonly Member[]): Promise<Member[]> {
  // With no view (a DELETE of a process that never saw the document), every create needs a look GET: none joins.
  if (view.known(api) === undefined) return [];
  const key = client.accountKey(api);
  const expected = new Set(
    members
      .filter((member) => member.change.kind === "remove" && member.change.replacing)
      .filter((member) => member.settled && !member.failed)
      .map((member) => targetOf(member.change)),
  );
  const busy = new Set(members.filter((member) => !member.settled).map((member) => targetOf(member.change)));
  const canJoin = (item: Submitted): boolean => {
    if (item.change.kind !== "add" || busy.has(targetOf(item.change))) return false;
    const document = lookFromView(api, [item]);
    return document !== undefined && matching(document, item.change.type, item.change.url).length === 0;
  };
  const joined: Member[] = [];
  const started = performance.now();
  const cap = arrivals.waitCapMs(key);
  for (;;) {
    for (const waiting of batcher.takeWhere(key, canJoin)) {
      joined.push(memberOf(waiting));
      expected.delete(targetOf(waiting.item.change));
      busy.add(targetOf(waiting.item.change));
    }
    const left = cap - (performance.now() - started);
    if (expected.size === 0 || left <= 0 || !(await arrivals.nextArrival(key, left))) break;
  }
  timeline.joined(
    joined.map((member) => member.item.submittedAt),
    performance.now() - started,
  );
  return joined;
}

/** Runs under the account lock: the look, then the writes; confirmations by read-back go on after it is released. */
async function runBatch(api: ApiTarget, batch: Waiting<Submitted, Pending>[]): Promise<void> {
  const members = batch.map(memberOf);
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
      document = lookFromView(
        api,
        adds.map((member) => member.item),
      );
      if (!document) {
        timeline.requestSent("GET look");
        document = await view.readAndRemember(api);
      }
    }
    settleOnLook(members, document);
    const open = members.filter((member) => !member.settled);
    await sendRemovals(api, open, document);
    // The removals' read-back starts now, beside the POSTs: it is sent after every DELETE was answered, and the POSTs
    // (Sendblue reads the document for them after those DELETEs too) touch other urls.
    const inDoubt = () => members.filter((member) => !member.settled && member.inDoubt);
    confirmByReadBack(api, inDoubt());
    const joined = await joinWaiting(api, members);
    members.push(...joined);
    await sendAdditions(api, [...open, ...joined]);
    // Every member is settled by now, but additions in doubt, which a read-back of their own settles.
    confirmByReadBack(api, inDoubt());
  } finally {
    timeline.batchEnded();
  }
}

/**
 * A create the engine checked after the account's list was last seen fresh needs a look of its own before its POST:
 * a GET, unless it waits for the next POST's answer, which lists that type after the check. The engine checks
 * resources one at a time, ahead of the operations that run them, so most creates were checked before the last POST
 * answered and the view serves them; those that were not are the exception.
 */
const viewServes = (item: Submitted): boolean => lookFromView(item.api, [item]) !== undefined;
const needsOwnLook = (item: Submitted): boolean =>
  item.change.kind === "add" && !item.change.replacing && !viewServes(item);

/**
 * What a batch takes of its account's queue: everything, except that a create needing a look of its own waits for
 * the next batch when this one posts to its type on the view. That POST's answer is then its look, with no GET;
 * otherwise one GET would hold up every entry of the batch. When some create needs a GET anyway, all go and share it.
 */
function takenNow(queued: readonly Submitted[]): (item: Submitted) => boolean {
  const adds = queued.filter((item) => item.change.kind === "add");
  const postedOnView = new Set(adds.filter(viewServes).map((item) => item.change.type));
  const deferred = (item: Submitted) => needsOwnLook(item) && postedOnView.has(item.change.type);
  if (adds.some((item) => !viewServes(item) && !deferred(item))) return () => true;
  return (item) => !deferred(item);
}

/**
 * A batch takes its entries once they stop arriving (./arrivals): the engine's operations that follow the last batch
 * reach the provider spread over a few milliseconds, and would otherwise go in alternating small and large batches.
 * It waits only while the view serves every queued create that is not a replacement's: one that needs a look of its
 * own rides this batch's POST answer (it is left for the next batch), and waiting longer would only make the view
 * older than more of the arrivals.
 */
const batcher = new KeyedBatcher<Submitted, Pending>({
  lock: (key, section) =>
    client.withAccountKeyLock(key, async () => {
      timeline.gathered(await arrivals.gather(key, () => batcher.waiting(key, needsOwnLook) === 0));
      return section();
    }),
  target: ({ change }) => targetOf(change),
  select: (_key, queued) => takenNow(queued),
  run: (_key, batch) => runBatch(batch[0]!.item.api, batch),
});

function submit(item: Submitted): Promise<boolean> {
  const key = client.accountKey(item.api);
  const pending = batcher.submit(key, item);
  arrivals.queued(key);
  return pending.then(async (answer) => {
    await answer.confirmed;
    return answer.asFound === true;
  });
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

/**
 * Makes the account hold `change` (exactly one entry as declared, or none), confirmed by what Sendblue shows; true
 * when the account held it already and nothing was written.
 */
export function applyEntryChange(api: ApiTarget, change: EntryChange): Promise<boolean> {
  const key = `${change.type} ${change.url}`;
  const checked = checkedAt.get(key);
  checkedAt.delete(key);
  if ((change.kind === "remove" ? replacingDelete : replacingCreate).delete(key))
    change = { ...change, replacing: true };
  const closed = arrivals.opened(client.accountKey(api));
  return submit({
    api,
    change,
    submittedAt: Date.now(),
    since: checked ?? performance.now(),
    attempt: 0,
    written: false,
  }).finally(closed);
}
