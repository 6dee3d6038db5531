/**
 * Handlers return a response description instead of writing to the socket themselves. That lets the
 * server apply a write and then drop the response (lost-response fault), log the status, and lets a
 * vendor store a response for a verbatim idempotent replay.
 */
export interface EmulatorResponse {
  status: number;
  /** Header names as they should go on the wire. */
  headers?: Record<string, string>;
  /** Exact body bytes; absent means an empty body. */
  body?: string;
}

export function jsonResponse(
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
): EmulatorResponse {
  return {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
    body: JSON.stringify(payload),
  };
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): EmulatorResponse {
  return { status, headers: { ...headers } };
}

/** Adds headers without mutating the original (stored responses must stay verbatim). */
export function withHeaders(response: EmulatorResponse, headers: Record<string, string>): EmulatorResponse {
  return { ...response, headers: { ...response.headers, ...headers } };
}
