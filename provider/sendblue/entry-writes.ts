/**
 * sendblue.Webhook's writes: every entry change for one account goes through one batcher, so while a write to
 * the account is in flight the others queue, and the next batch sends one DELETE and one POST per type with all
 * queued entries (both take lists), then confirms them all with one read-back GET. Each resource still gets its
 * own verdict from that read-back; a batch whose write failed fails each of its members with the vendor's error,
 * unless Sendblue refused the list as invalid: then each entry is sent alone, and only the one it refuses fails.
 */
import { KeyedBatcher, type Waiting } from "../core/batcher";
import { mayHaveBeenApplied, ResourceInitError, WebhookApiError } from "../core/errors";
import type { ApiTarget } from "../core/http";
import * as client from "./client";
import { MAX_WRITES, notKept } from "./confirm";
import { entriesOf, entryToWire, webhookId, type DocumentWire, type Entry, type EntryWire, type SendblueType } from "./schema";

const VENDOR = "Sendblue";

export type EntryChange =
  | { kind: "add"; type: SendblueType; url: string; secret: string | undefined; adopt: boolean }
  | { kind: "remove"; type: SendblueType; url: string };

/** A change and the account it is for (all items of one batch share the account). */
interface Submitted {
  api: ApiTarget;
  change: EntryChange;
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

/** One waiting change and what its batch has done for it so far. */
interface Member {
  readonly waiting: Waiting<Submitted, void>;
  readonly change: EntryChange;
  /** Sendblue surely accepted this member's last POST (a failed read-back then leaves a partial create). */
  written: boolean;
  /** The last ambiguous write failure, reported if the entry never shows up. */
  failure?: unknown;
  settled: boolean;
}

function settle(member: Member, error?: unknown): void {
  member.settled = true;
  if (error === undefined) member.waiting.resolve();
  else member.waiting.reject(error);
}

/** Whether the document already holds what the member wants: exactly one copy, with its secret; or none. */
function satisfied(document: DocumentWire, change: EntryChange): boolean {
  const found = matching(document, change.type, change.url);
  return change.kind === "remove" ? found.length === 0 : found.length === 1 && found[0]?.secret === change.secret;
}

function groupByType(members: Member[]): Map<SendblueType, Member[]> {
  const groups = new Map<SendblueType, Member[]>();
  for (const member of members) groups.set(member.change.type, [...(groups.get(member.change.type) ?? []), member]);
  return groups;
}

/**
 * Sendblue answers a list with one verdict. A 400 or 422 about a list of several entries may be about one of them
 * (a url Sendblue refuses that check let through), so each is then sent alone: only the entry it refuses fails. Any
 * other answer (401, 429 past the retry budget, a lost response) is about the request, not an entry.
 */
async function writeGroup(members: Member[], write: (group: Member[]) => Promise<void>, outcome: (group: Member[], error?: unknown) => void): Promise<void> {
  try {
    await write(members);
    outcome(members);
  } catch (error) {
    const aboutAnEntry = error instanceof WebhookApiError && (error.statusCode === 400 || error.statusCode === 422);
    if (members.length === 1 || !aboutAnEntry) return outcome(members, error);
    for (const member of members) await writeGroup([member], write, outcome);
  }
}

/**
 * DELETEs first: one per type, for the removals and for additions whose url is there in another form (another
 * secret, or twice), since DELETE removes every copy of a url. A failed DELETE fails its members.
 */
async function sendRemovals(api: ApiTarget, open: Member[], document: DocumentWire | undefined): Promise<void> {
  const removing = open.filter((member) => (member.change.kind === "remove" ? true : document !== undefined && matching(document, member.change.type, member.change.url).length > 0));
  for (const [type, members] of groupByType(removing)) {
    await writeGroup(
      members,
      (group) => client.removeEntries(api, type, group.map((member) => member.change.url)),
      (group, error) => void (error !== undefined && group.forEach((member) => settle(member, error))),
    );
  }
}

/** Then one POST per type with every addition; an ambiguous failure is left to the read-back that follows. */
async function sendAdditions(api: ApiTarget, open: Member[]): Promise<void> {
  const adding = open.filter((member) => !member.settled && member.change.kind === "add");
  const wire = ({ change }: Member): EntryWire => entryToWire({ url: change.url, ...(change.kind === "add" && change.secret !== undefined ? { secret: change.secret } : {}) });
  for (const [type, members] of groupByType(adding)) {
    await writeGroup(
      members,
      (group) => client.appendEntries(api, type, group.map(wire)),
      (group, error) => {
        if (error === undefined) group.forEach((member) => ((member.written = true), (member.failure = undefined)));
        else if (!mayHaveBeenApplied(error)) group.forEach((member) => settle(member, error));
        else group.forEach((member) => ((member.written = false), (member.failure = error)));
      },
    );
  }
}

/**
 * A read-back that fails after a write Sendblue accepted, or after one whose answer never came (it may have landed),
 * may leave the entry made: a partial create, kept in state under the id known in advance. The next `up` updates it,
 * which adds the entry if it is missing, instead of refusing an entry that already exists.
 */
function readBackFailure(member: Member, error: unknown): unknown {
  const { change } = member;
  const mayHaveLanded = member.written || (member.failure !== undefined && mayHaveBeenApplied(member.failure));
  if (change.kind !== "add" || !mayHaveLanded) return error;
  return new ResourceInitError(webhookId(change.type, change.url), { type: change.type, url: change.url, secret: change.secret, adopt: change.adopt }, error);
}

/** A document read under the account lock, and how many writes this process had sent when it was read. */
interface Seen {
  document: DocumentWire;
  writes: number;
}

/**
 * The last read-back of a batch, handed to the next batch as its look when changes were already waiting for it
 * and nothing was written since: taken under the account lock after every earlier write, it is as good as a new
 * GET, and saves one round trip per batch.
 */
const handedOn = new Map<string, Seen>();

async function readFresh(api: ApiTarget): Promise<Seen> {
  const writes = client.writeCount(api);
  return { document: await client.readDocumentFresh(api), writes };
}

async function look(api: ApiTarget, handed: Seen | undefined): Promise<Seen> {
  return handed && handed.writes === client.writeCount(api) ? handed : readFresh(api);
}

async function runBatch(api: ApiTarget, batch: Waiting<Submitted, void>[]): Promise<void> {
  const key = client.accountKey(api);
  // Only ever to the very next batch.
  const handed = handedOn.get(key);
  handedOn.delete(key);
  const last = await writeAndConfirm(api, batch, handed);
  if (last && batcher.waiting(key) > 0) handedOn.set(key, last);
}

/** Returns the last read-back, when the batch ended on one. */
async function writeAndConfirm(api: ApiTarget, batch: Waiting<Submitted, void>[], handed: Seen | undefined): Promise<Seen | undefined> {
  const members: Member[] = batch.map((waiting) => ({ waiting, change: waiting.item.change, written: false, settled: false }));
  // Additions look first (an entry that is already there is a conflict, or adopted); removals need no look.
  let last = members.some((member) => member.change.kind === "add") ? await look(api, handed) : undefined;
  let document = last?.document;
  for (const member of members) {
    const { change } = member;
    if (document && change.kind === "add" && !change.adopt && matching(document, change.type, change.url).length > 0) settle(member, conflict(change.type, change.url));
  }
  for (let writes = 0; ; writes++) {
    let open = members.filter((member) => !member.settled);
    if (document) for (const member of open) if (satisfied(document, member.change)) settle(member);
    open = open.filter((member) => !member.settled);
    if (open.length === 0) return last;
    if (writes === MAX_WRITES) {
      for (const member of open) settle(member, member.failure ?? notKept(`${member.change.kind === "add" ? "add" : "delete"} webhook`, `the ${member.change.type} webhook ${member.change.url}`));
      return last;
    }
    await sendRemovals(api, open, document);
    await sendAdditions(api, open);
    open = open.filter((member) => !member.settled);
    if (open.length === 0) return undefined;
    try {
      last = await readFresh(api);
      document = last.document;
    } catch (error) {
      open.forEach((member) => settle(member, readBackFailure(member, error)));
      return undefined;
    }
  }
}

const batcher = new KeyedBatcher<Submitted, void>({
  lock: client.withAccountKeyLock,
  target: ({ change }) => `${change.type} ${change.url}`,
  run: (_key, batch) => runBatch(batch[0]!.item.api, batch),
});

/** Makes the account hold `change` (exactly one entry as declared, or none), confirmed by reading the document back. */
export function applyEntryChange(api: ApiTarget, change: EntryChange): Promise<void> {
  return batcher.submit(client.accountKey(api), { api, change });
}
