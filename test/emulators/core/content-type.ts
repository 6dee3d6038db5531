import type { EmulatorRequest } from "./server";

/**
 * A request that carries a body without declaring it JSON. Vendors whose documents say bodies are sent with
 * `Content-Type: application/json` refuse such a request in their emulators, so a client that left the header
 * out would be caught here rather than by the vendor.
 */
export function bodyNotDeclaredJson(request: EmulatorRequest): boolean {
  if (request.rawBody === "") return false;
  const mediaType = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  return mediaType !== "application/json";
}
