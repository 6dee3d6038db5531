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
  /** Per entry: ms from its submission to the batch taking it. */
  waits: number[];
  /** In order: `GET`, `POST <entries>`, `DELETE <urls>`, `PUT`. */
  requests: string[];
}

const file = (): string | undefined => process.env.PULUMI_WEBHOOKS_SENDBLUE_TIMELINE || undefined;
let current: BatchRecord | undefined;

export function batchStarted(adds: number, removes: number, submittedAt: number[]): void {
  if (!file()) return;
  const at = Date.now();
  current = { at, ms: 0, adds, removes, waits: submittedAt.map((time) => at - time), requests: [] };
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
