/**
 * Process-wide redaction. Every credential resolved and every secret value the provider handles is
 * registered here, so that any text leaving the provider (error messages, reasons) can be scrubbed
 * even when the secret reached it by an unexpected path (a vendor echoing a header, a URL, a body).
 *
 * The rule for registering: a secret is registered by the layer through which it enters the process, before that
 * layer hands it on, and by no other. Three doors, each with one owner:
 * - Credentials: core/credentials, when a setting is read as one (`requireCredential`, `readCredential`); and
 *   core/http registers every header value it sends, since an auth header is a credential whatever its source.
 * - Resource inputs and stored outputs: core/define-provider, on every operation, from the vendor's
 *   `secretValues` (the host hands them over without their secret markers, and a refresh or destroy runs in a
 *   host that never saw a check). A vendor's provider code never registers one itself.
 * - Secrets a vendor answers with (a signing secret, a login token): the vendor's client, where it parses the
 *   answer, before returning it.
 * test/core/secret-registration.test.ts holds the code to these doors.
 */

const REDACTED = "[redacted]";
/** Shorter values are too likely to collide with ordinary words to be scrubbed safely. */
const MIN_SECRET_LENGTH = 4;

const knownSecrets = new Set<string>();

/** Patterns that look like credentials even when they were never registered. */
const CREDENTIAL_PATTERNS: RegExp[] = [
  /\b(ek_(?:live|test)_)[A-Za-z0-9_-]+/g, // Erzycall API keys
  /\b(whsec_)[A-Za-z0-9+/=_-]+/g, // signing secrets
  /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi,
  /(\/\/)[^/\s:@]+:[^/\s@]+@/g, // user:password@ in URLs
];

export function registerSecret(value: unknown): void {
  if (typeof value === "string" && value.length >= MIN_SECRET_LENGTH) knownSecrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  // Longest first, so a secret that contains another is removed whole.
  for (const secret of [...knownSecrets].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  for (const pattern of CREDENTIAL_PATTERNS) {
    out = out.replace(pattern, (_match, prefix: string) =>
      prefix === "//" ? "//[redacted]@" : `${prefix}${REDACTED}`,
    );
  }
  return out;
}
