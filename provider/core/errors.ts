import { redact } from "./redact";

/** Stable error codes callers branch on; one per kind of failure, whatever the vendor. */
export type ErrorCode =
  | "WH_AUTH"
  | "WH_NOT_FOUND"
  | "WH_CONFLICT"
  | "WH_INVALID"
  | "WH_LIMIT"
  | "WH_RATE_LIMITED"
  | "WH_VENDOR"
  | "WH_NETWORK"
  | "WH_TIMEOUT"
  | "WH_CONFIG";

/** What a vendor's error body says, in the vendor's own words. */
export interface VendorErrorInfo {
  code?: string;
  message?: string;
  requestId?: string;
  details?: string[];
  /** The body is not in the vendor's error format (or not JSON at all): perhaps not the vendor that answered. */
  unreadable?: boolean;
}

/** What a vendor's parser says of a body that is not in its error format. */
export function unrecognizedBody(): VendorErrorInfo {
  return { message: "unrecognized error body", unreadable: true };
}

export function codeForStatus(status: number): ErrorCode {
  if (status === 401 || status === 403) return "WH_AUTH";
  if (status === 404 || status === 410) return "WH_NOT_FOUND";
  if (status === 409) return "WH_CONFLICT";
  if (status === 429) return "WH_RATE_LIMITED";
  if (status === 400 || status === 422) return "WH_INVALID";
  return "WH_VENDOR";
}

export interface WebhookApiErrorInit {
  code: ErrorCode;
  vendor: string;
  operation: string;
  statusCode?: number;
  vendorError?: VendorErrorInfo;
  hint?: string;
  cause?: string;
  /** The request never left: no connection was made, so nothing can have been applied. */
  nothingSent?: boolean;
}

/**
 * The one error type the provider throws for vendor and configuration failures. Its message is a
 * single redacted line: vendor, operation, HTTP status, the vendor's code and message, what to do.
 */
export class WebhookApiError extends Error {
  readonly code: ErrorCode;
  readonly vendor: string;
  readonly operation: string;
  readonly statusCode?: number;
  readonly vendorCode?: string;
  readonly vendorMessage?: string;
  readonly requestId?: string;
  readonly hint?: string;
  /** True when no connection was made (a refused connection, an unknown host): nothing was applied. */
  readonly nothingSent: boolean;

  constructor(init: WebhookApiErrorInit) {
    super(renderErrorLine(init));
    this.name = "WebhookApiError";
    this.code = init.code;
    this.vendor = init.vendor;
    this.operation = init.operation;
    this.statusCode = init.statusCode;
    this.vendorCode = init.vendorError?.code;
    this.vendorMessage =
      init.vendorError?.message === undefined ? undefined : redact(init.vendorError.message);
    this.requestId = init.vendorError?.requestId;
    this.hint = init.hint;
    this.nothingSent = init.nothingSent === true;
  }
}

function renderErrorLine(init: WebhookApiErrorInit): string {
  const parts = [`${init.vendor} ${init.operation} failed:`];
  if (init.statusCode !== undefined) parts.push(`HTTP ${init.statusCode}`);
  const vendor = init.vendorError;
  if (vendor?.code) parts.push(vendor.code);
  if (vendor?.message) parts.push(`"${vendor.message}"`);
  if (vendor?.details?.length) parts.push(`[${vendor.details.join("; ")}]`);
  if (vendor?.requestId) parts.push(`(request ${vendor.requestId})`);
  if (init.cause) parts.push(init.cause);
  let line = parts.join(" ");
  if (init.hint) line += `. ${asSentence(init.hint)}`;
  return oneLine(redact(line));
}

/** The "what to do" follows a full stop, so it starts a sentence; `hint` itself stays as written, to quote. */
function asSentence(hint: string): string {
  return hint.charAt(0).toUpperCase() + hint.slice(1);
}

export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

/** A failure after which a write may or may not have been applied (no answer, or a server error): confirm, never assume. */
export function mayHaveBeenApplied(error: unknown): boolean {
  if (!(error instanceof WebhookApiError) || error.nothingSent) return false;
  if (error.code === "WH_NETWORK" || error.code === "WH_TIMEOUT") return true;
  return error.statusCode !== undefined && error.statusCode >= 500;
}

/** The error's line without its "what to do", for a caller whose own advice replaces it. */
export function withoutHint(error: WebhookApiError): string {
  const suffix = error.hint === undefined ? undefined : `. ${asSentence(error.hint)}`;
  return suffix !== undefined && error.message.endsWith(suffix)
    ? error.message.slice(0, -suffix.length)
    : error.message;
}

/** The same error, its "what to do" replaced: the transport's advice no longer holds once the caller reconciled. */
export function withHint(error: WebhookApiError, hint: string): WebhookApiError {
  error.message = `${withoutHint(error)}. ${asSentence(hint)}`;
  // The hint is now this one, so a later withoutHint takes it off.
  (error as { hint?: string }).hint = hint;
  return error;
}

/** A configuration problem found before any request is sent. */
export function configError(vendor: string, message: string): WebhookApiError {
  return new WebhookApiError({ code: "WH_CONFIG", vendor, operation: "configuration", cause: message });
}

/**
 * A failure the provider finds itself while an operation runs (not an HTTP error and not configuration): the
 * webhook to adopt does not exist, a managed webhook was deleted outside Pulumi, an answer lacks what the contract
 * promises. Labelled with the operation it stopped, like a vendor error.
 */
export function operationError(
  vendor: string,
  operation: string,
  code: ErrorCode,
  message: string,
): WebhookApiError {
  return new WebhookApiError({ code, vendor, operation, cause: message });
}

/** The object `operation` acts on is not at the vendor (any more), found without an HTTP 404 to say so. */
export function notFoundError(vendor: string, operation: string, id: string): WebhookApiError {
  return operationError(vendor, operation, "WH_NOT_FOUND", `${id} not found`);
}

/** A not-found error (an HTTP 404 or 410, or `notFoundError`): what an operation meets once its object is gone. */
export function isNotFound(error: unknown): error is WebhookApiError {
  return error instanceof WebhookApiError && error.code === "WH_NOT_FOUND";
}

/**
 * What an update says when its object was deleted outside Pulumi (`where` as in "no longer exists at Erzycall"):
 * the engine still holds it, so only a refresh, then an up, makes it again.
 */
export function deletedOutsidePulumi(notFound: WebhookApiError, id: string, where: string): WebhookApiError {
  return operationError(
    notFound.vendor,
    "update webhook",
    "WH_NOT_FOUND",
    `webhook ${id} no longer exists ${where} (deleted outside Pulumi); run \`pulumi refresh\` and then \`pulumi up\` to recreate it`,
  );
}

/**
 * Thrown when the vendor object exists but a later step failed. The host turns an error carrying
 * `id`, `properties` and `reasons` into a partial failure, so the engine keeps the object in state
 * instead of orphaning it.
 */
export class ResourceInitError extends Error {
  readonly id: string;
  readonly properties: Record<string, unknown>;
  readonly reasons: string[];

  constructor(id: string, properties: object, cause: unknown) {
    const reason = redact(oneLine(cause instanceof Error ? cause.message : String(cause)));
    super(reason);
    this.name = "ResourceInitError";
    this.id = id;
    this.properties = { ...properties };
    this.reasons = [reason];
  }
}
