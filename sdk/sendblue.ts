import * as pulumi from "@pulumi/pulumi";
import { resourceEntry } from "../provider/manifest";
import { webhookConfigurationProvider, webhookProvider } from "../provider/sendblue";
import type * as Functions from "../provider/sendblue/functions";
import type { SendblueType } from "../provider/sendblue/public-types";
import { identityInput } from "./identity";
import { asSecret, withEntrySecrets } from "./secret-input";
import { registration } from "./registration";
import { programConfig } from "./functions";

// The vendor client (zod, undici) loads on a function's first call: a program that only declares resources
// starts without it.
const functions = (): Promise<typeof Functions> => import("../provider/sendblue/functions.js");

/** The resource's names, from the manifest. */
const WEBHOOK = resourceEntry("sendblue", "Webhook");
const WEBHOOK_CONFIGURATION = resourceEntry("sendblue", "WebhookConfiguration");

/** Sendblue's webhook types. */
export type WebhookType = SendblueType;

/** An entry of a type list, as the resource gives it back: a URL string, or a URL with its own secret. */
export type WebhookEntry =
  | string
  | {
      /** The https URL Sendblue delivers to. */
      url: string;
      /** Sent verbatim in the `sb-signing-secret` header to this URL; absent when it has none. */
      secret?: string;
    };

/**
 * An entry of a type list, as a program declares it: a URL string, or a URL with the secret Sendblue sends to it.
 * Either field may be an Output, e.g. `{ url, secret: config.requireSecret("statusSecret") }`.
 */
export type WebhookEntryInput =
  | string
  | {
      /** HTTPS URL Sendblue delivers to (`https://` only, at most 2048 characters). */
      url: pulumi.Input<string>;
      /**
       * Sent verbatim to this URL in the `sb-signing-secret` header instead of `globalSecret`, at most 1024
       * characters. Pass it as a secret (`config.requireSecret(...)` or `pulumi.secret(...)`).
       */
      secret?: pulumi.Input<string>;
    };

/** Inputs of one entry of the account's webhook configuration. */
export interface WebhookArgs {
  /**
   * Which events the entry receives: `receive` (inbound messages), `outbound` (sent messages and their
   * status), `typing_indicator`, `call_log`, `line_blocked`, `line_assigned` or `contact_created`. Changing
   * it replaces the entry.
   */
  type: pulumi.Input<WebhookType>;
  /**
   * HTTPS URL Sendblue delivers to (`https://` only, at most 2048 characters, no user name or password in
   * it); with `type` it identifies the entry. Changing it replaces the entry.
   */
  url: pulumi.Input<string>;
  /**
   * Sent verbatim to the receiver in the `sb-signing-secret` header (not an HMAC), at most 1024 characters;
   * not allowed for `contact_created`; unset and `""` are the same. A secret output. Changing it deletes the
   * entry and adds it again.
   */
  secret?: pulumi.Input<string>;
  /**
   * If an entry with this type and url already exists (added by hand or by another program), take it over
   * instead of failing; if none exists, add it as usual. Only used on create. Default `false`.
   */
  adopt?: pulumi.Input<boolean>;
}

/**
 * One `(type, url)` entry of the Sendblue account's webhook configuration
 * (`/api/v2/account/webhooks`). It is added with an append and removed by url, so entries of other
 * resources and entries made by hand are never touched. Any change replaces the entry. The id is
 * `<type>/<url-encoded url>`.
 */
export class Webhook extends pulumi.dynamic.Resource {
  /** The webhook type. */
  declare readonly type: pulumi.Output<WebhookType>;
  /** The receiver URL. */
  declare readonly url: pulumi.Output<string>;
  /** The entry's secret, as Sendblue holds it; a secret output, absent when unset. */
  declare readonly secret: pulumi.Output<string | undefined>;
  /** Whether the resource may take over an existing entry on create. */
  declare readonly adopt: pulumi.Output<boolean>;

  constructor(name: string, args: WebhookArgs, opts?: pulumi.CustomResourceOptions) {
    const registering = registration();
    try {
      super(
        webhookProvider,
        name,
        {
          adopt: undefined,
          ...args,
          secret: asSecret(args.secret),
          ...identityInput(WEBHOOK.token, name, opts),
        },
        pulumi.mergeOptions(opts, { additionalSecretOutputs: ["secret"] }),
        WEBHOOK.vendor,
        WEBHOOK.type,
      );
    } catch (error) {
      throw registering.failed(error);
    } finally {
      registering.done();
    }
  }
}

/** Inputs of the whole account document. Every list is a set: order and duplicates never cause a diff. */
export interface WebhookConfigurationArgs {
  /**
   * Entries for inbound messages: https URLs, or `{ url, secret }` for an entry with its own secret; a url at
   * most once (or repeated identically). A set: sorted by url, exact duplicates dropped. Unset is `[]`.
   */
  receive?: pulumi.Input<pulumi.Input<WebhookEntryInput>[]>;
  /** Entries for sent messages and their status (`outbound`), as in `receive`. Unset is `[]`. */
  outbound?: pulumi.Input<pulumi.Input<WebhookEntryInput>[]>;
  /** Entries for typing indicators (`typing_indicator`), as in `receive`. Unset is `[]`. */
  typingIndicator?: pulumi.Input<pulumi.Input<WebhookEntryInput>[]>;
  /** Entries for call logs (`call_log`), as in `receive`. Unset is `[]`. */
  callLog?: pulumi.Input<pulumi.Input<WebhookEntryInput>[]>;
  /** Entries for blocked lines (`line_blocked`), as in `receive`. Unset is `[]`. */
  lineBlocked?: pulumi.Input<pulumi.Input<WebhookEntryInput>[]>;
  /** Entries for assigned lines (`line_assigned`), as in `receive`. Unset is `[]`. */
  lineAssigned?: pulumi.Input<pulumi.Input<WebhookEntryInput>[]>;
  /**
   * https URLs for created contacts (`contact_created`); Sendblue takes no objects there, so no secrets.
   * Default `[]`.
   */
  contactCreated?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Account-wide secret sent in `sb-signing-secret` to entries without their own, at most 1024 characters.
   * Unset removes it. A secret output.
   */
  globalSecret?: pulumi.Input<string>;
  /**
   * Sendblue's legacy account-level `secret`, at most 1024 characters. Declared, it is written and read back
   * like `globalSecret` (a secret output); unset, the resource leaves it alone and never shows it.
   */
  legacySecret?: pulumi.Input<string>;
  /**
   * Take over an account whose configuration is not empty (its entries are replaced): without it, create
   * fails rather than replace entries nobody declared. Only used on create. Default `false`.
   */
  adopt?: pulumi.Input<boolean>;
}

/** The lists whose entries may carry their own secret. */
const ENTRY_LISTS = [
  "receive",
  "outbound",
  "typingIndicator",
  "callLog",
  "lineBlocked",
  "lineAssigned",
] as const;

/** Every output, registered even when its input is unset. */
const CONFIGURATION_OUTPUTS = [
  ...ENTRY_LISTS,
  "contactCreated",
  "globalSecret",
  "legacySecret",
  "adopt",
] as const;
/** Every output that can hold a secret: `globalSecret`, `legacySecret`, and each list whose entries may carry one. */
const CONFIGURATION_SECRET_OUTPUTS = [...ENTRY_LISTS, "globalSecret", "legacySecret"] as const;

/**
 * The whole webhook configuration of a Sendblue account, authoritatively: every type's list and
 * `globalSecret`, written with one PUT. Refresh shows any entry added by hand as drift, and the next
 * `up` removes it. Delete empties the configuration. One per account; do not combine it with
 * `sendblue.Webhook` in the same account. The lists are secret outputs, since their entries may
 * carry secrets.
 */
export class WebhookConfiguration extends pulumi.dynamic.Resource {
  /** Entries for inbound messages, sorted by url; entries without a secret as plain strings. Secret output. */
  declare readonly receive: pulumi.Output<WebhookEntry[]>;
  /** Entries for outbound messages. Secret output. */
  declare readonly outbound: pulumi.Output<WebhookEntry[]>;
  /** Entries for typing indicators. Secret output. */
  declare readonly typingIndicator: pulumi.Output<WebhookEntry[]>;
  /** Entries for call logs. Secret output. */
  declare readonly callLog: pulumi.Output<WebhookEntry[]>;
  /** Entries for blocked lines. Secret output. */
  declare readonly lineBlocked: pulumi.Output<WebhookEntry[]>;
  /** Entries for assigned lines. Secret output. */
  declare readonly lineAssigned: pulumi.Output<WebhookEntry[]>;
  /** URLs for created contacts, sorted. */
  declare readonly contactCreated: pulumi.Output<string[]>;
  /** The account-wide secret; a secret output, absent when unset. */
  declare readonly globalSecret: pulumi.Output<string | undefined>;
  /** The legacy account-level secret when declared (absent otherwise, whatever the account holds); a secret output. */
  declare readonly legacySecret: pulumi.Output<string | undefined>;
  /** Whether the resource may take over a non-empty configuration on create. */
  declare readonly adopt: pulumi.Output<boolean>;

  constructor(name: string, args: WebhookConfigurationArgs = {}, opts?: pulumi.CustomResourceOptions) {
    const registering = registration();
    try {
      super(
        webhookConfigurationProvider,
        name,
        {
          ...Object.fromEntries(CONFIGURATION_OUTPUTS.map((key) => [key, undefined])),
          ...args,
          ...Object.fromEntries(ENTRY_LISTS.map((key) => [key, withEntrySecrets(args[key])])),
          globalSecret: asSecret(args.globalSecret),
          legacySecret: asSecret(args.legacySecret),
          ...identityInput(WEBHOOK_CONFIGURATION.token, name, opts),
        },
        pulumi.mergeOptions(opts, { additionalSecretOutputs: [...CONFIGURATION_SECRET_OUTPUTS] }),
        WEBHOOK_CONFIGURATION.vendor,
        WEBHOOK_CONFIGURATION.type,
      );
    } catch (error) {
      throw registering.failed(error);
    } finally {
      registering.done();
    }
  }
}

/** The account's whole webhook configuration, in the shape of `WebhookConfiguration`'s outputs. */
export interface GetWebhookConfigurationResult {
  /** Entries for inbound messages, sorted by url; entries without a secret as plain strings. */
  readonly receive: WebhookEntry[];
  /** Entries for outbound messages and their status. */
  readonly outbound: WebhookEntry[];
  /** Entries for typing indicators (`typing_indicator`). */
  readonly typingIndicator: WebhookEntry[];
  /** Entries for call logs (`call_log`). */
  readonly callLog: WebhookEntry[];
  /** Entries for blocked lines (`line_blocked`). */
  readonly lineBlocked: WebhookEntry[];
  /** Entries for assigned lines (`line_assigned`). */
  readonly lineAssigned: WebhookEntry[];
  /** URLs for created contacts, sorted. */
  readonly contactCreated: string[];
  /** The account-wide secret, absent when unset. */
  readonly globalSecret?: string;
  /** The legacy account-level secret, absent when unset. */
  readonly legacySecret?: string;
}

/**
 * Reads the account's webhook configuration (one GET): every entry, whoever made it, and the secrets
 * in plain text, as Sendblue returns them. Use `getWebhookConfigurationOutput` to keep them secret.
 * A `sendblue.Webhook` with `adopt: true` and an entry's type and url takes that entry over.
 */
export async function getWebhookConfiguration(): Promise<GetWebhookConfigurationResult> {
  return (await (
    await functions()
  ).getWebhookConfiguration(programConfig())) as GetWebhookConfigurationResult;
}

/**
 * `getWebhookConfiguration` as an Output. The result is a secret whenever the account holds any secret
 * (an entry's, `globalSecret` or the legacy one), so it never reaches state or logs in clear text.
 */
export function getWebhookConfigurationOutput(): pulumi.Output<GetWebhookConfigurationResult> {
  const read = pulumi.output(getWebhookConfiguration()) as pulumi.Output<GetWebhookConfigurationResult>;
  return read.apply(
    (result): pulumi.Output<GetWebhookConfigurationResult> =>
      hasSecret(result) ? pulumi.secret(result) : pulumi.output(result),
  ) as pulumi.Output<GetWebhookConfigurationResult>;
}

function hasSecret(result: GetWebhookConfigurationResult): boolean {
  const lists = [
    result.receive,
    result.outbound,
    result.typingIndicator,
    result.callLog,
    result.lineBlocked,
    result.lineAssigned,
  ];
  return (
    result.globalSecret !== undefined ||
    result.legacySecret !== undefined ||
    lists.some((list) => list.some((entry) => typeof entry !== "string"))
  );
}
