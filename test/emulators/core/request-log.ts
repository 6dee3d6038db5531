import type { FaultKind } from "./faults";

/** One request as the emulator saw it, for wire assertions. */
export interface LoggedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Parsed JSON, or undefined when the body was empty or not JSON. */
  body: unknown;
  rawBody: string;
  /** Status sent to the client; null while pending or when no response was sent (reset, lost, hang). */
  status: number | null;
  /** The injected fault that shaped this exchange (latency is reported in `delayedMs`). */
  fault?: Exclude<FaultKind, "latency">;
  delayedMs: number;
}

export class RequestLog {
  private readonly entries: LoggedRequest[] = [];

  get requests(): readonly Readonly<LoggedRequest>[] {
    return this.entries;
  }

  /** Entries are recorded on arrival and completed later, so a hanging request is visible too. */
  record(entry: Omit<LoggedRequest, "status" | "delayedMs">): LoggedRequest {
    const full: LoggedRequest = { ...entry, status: null, delayedMs: 0 };
    this.entries.push(full);
    return full;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
