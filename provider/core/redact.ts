/**
 * Process-wide redaction. Every credential resolved and every secret value the provider handles is
 * registered here, so that any text leaving the provider (error messages, reasons) can be scrubbed
 * even when the secret reached it by an unexpected path (a vendor echoing a header, a URL, a body).
 * What a vendor's credentials look like is the vendor's to say: each manifest lists its patterns
 * (provider/<vendor>/manifest.ts), registered when the vendor loads.
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

/**
 * Text that looks like a credential even when it was never registered: a global regular expression whose first
 * group is kept (the prefix that says what follows, e.g. `ek_live_`) and whose optional second group is kept too;
 * the rest of the match is replaced.
 */
export type SecretPattern = RegExp;

/** `Authorization: Bearer <token>`, for the vendors that authenticate that way. */
export const BEARER_TOKEN: SecretPattern = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi;

/** `user:password@` in any URL: not one vendor's shape, so always scrubbed. */
const URL_CREDENTIALS: SecretPattern = /(\/\/)[^/\s:@]+:[^/\s@]+(@)/g;

const knownSecrets = new Set<string>();
const patterns = new Set<SecretPattern>([URL_CREDENTIALS]);

export function registerSecret(value: unknown): void {
  if (typeof value === "string" && value.length >= MIN_SECRET_LENGTH) knownSecrets.add(value);
}

/** Adds credential shapes to scrub (a vendor's manifest `secretPatterns`); registering one twice is harmless. */
export function registerSecretPatterns(additions: readonly SecretPattern[]): void {
  for (const pattern of additions) {
    if (!pattern.global) throw new Error(`secret pattern ${pattern} must be global (flag g)`);
    patterns.add(pattern);
  }
}

export function redact(text: string): string {
  let out = text;
  // Longest first, so a secret that contains another is removed whole.
  for (const secret of [...knownSecrets].sort((a, b) => b.length - a.length)) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  for (const pattern of patterns) {
    out = out.replace(
      pattern,
      (_match, prefix: string, suffix: unknown) =>
        `${prefix}${REDACTED}${typeof suffix === "string" ? suffix : ""}`,
    );
  }
  return out;
}
