/**
 * Where the time of Sendblue's entry writes goes (CONTRIBUTING, "Sendblue write path"): with
 * PULUMI_WEBHOOKS_SENDBLUE_TIMELINE set to a file path, every batch appends one JSON line saying when it started,
 * how long each of its entries waited for it, and the requests it sent. Unset (always, for users), nothing is kept.
 * Meant for one account at a time, as the bench drives it.
 */
import * as fs from "node:fs";

export interface BatchRecord {
  /** `Date.now()` when the batch took its entries. */
  at: number;
  /** How long it ran, in ms. */
  ms: number;
  adds: number;
  removes: number;
  /** Per entry: ms from its submission to the batch taking it (entries that joined after the DELETEs included). */
  waits: number[];
  /** ms the batch waited for entries to stop arriving before it took them. */
  gatheredMs: number;
  /** Entries that joined the batch's POSTs after its DELETEs (the creates of replacements), and ms it waited for them. */
  joined: number;
  joinMs: number;
  /** In order: `GET`, `POST <entries>`, `DELETE <urls>`, `PUT`. */
  requests: string[];
}

const file = (): string | undefined => process.env.PULUMI_WEBHOOKS_SENDBLUE_TIMELINE || undefined;
let current: BatchRecord | undefined;
let lastGatheredMs = 0;

/** How long the next batch waited for its entries (noted before it starts). */
export function gathered(ms: number): void {
  lastGatheredMs = ms;
}

export function batchStarted(adds: number, removes: number, submittedAt: number[]): void {
  if (!file()) return;
  const at = Date.now();
  current = {
    at,
    ms: 0,
    adds,
    removes,
    waits: submittedAt.map((time) => at - time),
    gatheredMs: Math.round(lastGatheredMs),
    joined: 0,
    joinMs: 0,
    requests: [],
  };
}

export function joined(submittedAt: number[], waitedMs: number): void {
  if (!current) return;
  const now = Date.now();
  current.adds += submittedAt.length;
  current.joined += submittedAt.length;
  current.joinMs += Math.round(waitedMs);
  current.waits.push(...submittedAt.map((time) => now - time));
}

export function requestSent(label: string): void {
  current?.requests.push(label);
}

export function batchEnded(): void {
  const path = file();
  if (!current || !path) return;
  current.ms = Date.now() - current.at;
  fs.appendFileSync(path, `${JSON.stringify(current)}\n`);
  current = undefined;
}
