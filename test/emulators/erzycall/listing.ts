import { jsonResponse, type EmulatorRequest, type EmulatorResponse } from "../core";
import type { FieldProblem } from "./validation";
import { type StoredEndpoint, toWire } from "./store";

/** Contract §9: the cursor style of Erzycall's other lists, `limit` 1-100 (default 25). */
const MAX_LIMIT = 100;

/**
 * GET /webhooks. By default the whole list in one `{data}` (contract §5.1: no pagination shown, `limit` and
 * `cursor` ignored). With `pageSize` (a test-only switch) it pages as the document describes for other lists
 * (§9): `limit` 1-100 (default `pageSize`), an opaque `cursor`, and `pagination: {cursor, hasMore, pageSize}`.
 */
export function listPage(
  endpoints: StoredEndpoint[],
  request: EmulatorRequest,
  pageSize: number | undefined,
  invalid: (details: FieldProblem[]) => EmulatorResponse,
): EmulatorResponse {
  if (pageSize === undefined) return jsonResponse(200, { data: endpoints.map((e) => toWire(e)) });
  const { limit: rawLimit, cursor } = request.query;
  const limit = rawLimit === undefined ? pageSize : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return invalid([{ field: "limit", message: `Must be an integer from 1 to ${MAX_LIMIT}` }]);
  }
  let start = 0;
  if (cursor !== undefined) {
    const after = endpoints.findIndex((endpoint) => endpoint.id === decodeCursor(cursor));
    if (after < 0) return invalid([{ field: "cursor", message: "Invalid cursor" }]);
    start = after + 1;
  }
  const page = endpoints.slice(start, start + limit);
  const hasMore = start + limit < endpoints.length;
  const last = page.at(-1);
  return jsonResponse(200, {
    data: page.map((endpoint) => toWire(endpoint)),
    pagination: { cursor: hasMore && last ? encodeCursor(last.id) : null, hasMore, pageSize: limit },
  });
}

/** Opaque to clients: the id of the last endpoint of the page, which the next page starts after. */
function encodeCursor(id: string): string {
  return Buffer.from(`after:${id}`).toString("base64url");
}

function decodeCursor(cursor: string): string | undefined {
  const text = Buffer.from(cursor, "base64url").toString();
  return text.startsWith("after:") ? text.slice("after:".length) : undefined;
}
