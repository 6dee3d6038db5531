import * as pulumi from "@pulumi/pulumi";
import { resourceEntry } from "../provider/manifest";
import { webhookProvider } from "../provider/conversant";
import type { ConversantHook, WebhookAttempt } from "../provider/conversant/public-types";
import type * as Functions from "../provider/conversant/functions";
import { programConfig } from "./functions";
import { identityInput } from "./identity";
import { registration } from "./registration";

const WEBHOOK = resourceEntry("conversant", "Webhook");

export type { WebhookAttempt };

// The vendor client (zod, undici) loads on a function's first call: a program that only declares resources
// starts without it.
const functions = (): Promise<typeof Functions> => import("../provider/conversant/functions.js");

/** One of the hooks Kazoo 4.3 installs, or `all`. */
export type WebhookHook = ConversantHook;

/** Inputs of a Conversant (Kazoo crossbar) webhook. */
export interface WebhookArgs {
  /**
   * Kazoo account that owns the hook: 32 lower-case hex characters. Unset, the provider's
   * `conversant:accountId` / `CONVERSANT_ACCOUNT_ID`. A change replaces the hook.
   */
  accountId?: pulumi.Input<string>;
  /**
   * Display name, not empty, at most 256 characters (a limit of this package; Kazoo sets none); need not be
   * unique.
   */
  name: pulumi.Input<string>;
  /** Receiver URL (`uri`): `http://` or `https://` (Kazoo accepts both), no user name or password in it. */
  url: pulumi.Input<string>;
  /**
   * The event hook: Kazoo 4.3's `channel_create`, `channel_answer`, `channel_bridge`, `channel_destroy`,
   * `object`, `notifications`, `parking`, `sms`, `mms` or `all`, or any other hook the system has installed
   * (lower-case letters, digits, `_`, `.`, `-`). `object` needs `customData.type` and `customData.action`;
   * `notifications` needs `customData.type`. Kazoo refuses a hook it has not installed with an error naming
   * `hook` and the installed ones.
   */
  hook: pulumi.Input<WebhookHook | (string & {})>;
  /** HTTP method of deliveries (`http_verb`); `get` sends the event as a query string. Default `"post"`. */
  httpVerb?: pulumi.Input<"get" | "post" | "put">;
  /** Delivery retries, 0-4. Default `2`. */
  retries?: pulumi.Input<number>;
  /** Body format of `post` and `put` deliveries. Default `"form-data"`. */
  format?: pulumi.Input<"form-data" | "json">;
  /** Whether Kazoo delivers; `pulumi up` re-enables a hook Kazoo auto-disabled. Default `true`. */
  enabled?: pulumi.Input<boolean>;
  /**
   * Static string parameters merged into every event (`custom_data`); holds the modifiers the `object` and
   * `notifications` hooks require. Default `{}`.
   */
  customData?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Also deliver events of sub-accounts. Default `false`. */
  includeSubaccounts?: pulumi.Input<boolean>;
  /** Also deliver internal call legs. Default `true`. */
  includeInternalLegs?: pulumi.Input<boolean>;
  /** Id of an existing webhook in the account to take over instead of creating one. Only used on create. */
  adopt?: pulumi.Input<string>;
}

/**
 * A Conversant webhook (`/v1/accounts/{accountId}/webhooks`). The account replaces; every other
 * input updates in place with one full-document POST.
 */
export class Webhook extends pulumi.dynamic.Resource {
  /**
   * The account the hook lives in: always the one actually used. Refresh, update and delete use it, not the
   * current config.
   */
  declare readonly accountId: pulumi.Output<string>;
  /** Display name. */
  declare readonly name: pulumi.Output<string>;
  /** Receiver URL. */
  declare readonly url: pulumi.Output<string>;
  /** The hook. */
  declare readonly hook: pulumi.Output<string>;
  /** Delivery method. */
  declare readonly httpVerb: pulumi.Output<string>;
  /** Delivery retries. */
  declare readonly retries: pulumi.Output<number>;
  /** Body format. */
  declare readonly format: pulumi.Output<string>;
  /** Whether Kazoo delivers; `false` after an auto-disable shows as drift. */
  declare readonly enabled: pulumi.Output<boolean>;
  /** Static parameters (`custom_data`). */
  declare readonly customData: pulumi.Output<Record<string, string>>;
  /** Whether sub-account events are delivered. */
  declare readonly includeSubaccounts: pulumi.Output<boolean>;
  /** Whether internal legs are delivered. */
  declare readonly includeInternalLegs: pulumi.Output<boolean>;
  /** The adopted webhook id, when the resource took one over. */
  declare readonly adopt: pulumi.Output<string | undefined>;
  /**
   * Kazoo's reason while it has the hook auto-disabled (e.g. `too many failed attempts`); absent otherwise.
   * Observed only: it never causes a diff.
   */
  declare readonly disableReason: pulumi.Output<string | undefined>;

  constructor(name: string, args: WebhookArgs, opts?: pulumi.CustomResourceOptions) {
    const registering = registration();
    try {
      super(
        webhookProvider,
        name,
        {
          accountId: undefined,
          ...args,
          ...identityInput(WEBHOOK.token, name, opts),
          disableReason: undefined,
        },
        opts,
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

/** Arguments of `getWebhookAttempts`. */
export interface GetWebhookAttemptsArgs {
  /** Account to read; default `conversant:accountId` / CONVERSANT_ACCOUNT_ID. */
  accountId?: string;
  /** Only this webhook's attempts; default the whole account's. */
  webhookId?: string;
}

/**
 * The recent delivery attempts, account-wide or for one webhook, newest first, with camelCase
 * fields. Credentials resolve like the resources': stack config (`conversant:*`), then environment.
 */
export function getWebhookAttempts(args: GetWebhookAttemptsArgs = {}): Promise<WebhookAttempt[]> {
  return functions().then((loaded) =>
    loaded.getWebhookAttempts(programConfig(), args.accountId, args.webhookId),
  );
}

/** Arguments of `getWebhookAttemptsOutput`. */
export interface GetWebhookAttemptsOutputArgs {
  /** Account to read; default `conversant:accountId` / CONVERSANT_ACCOUNT_ID. */
  accountId?: pulumi.Input<string>;
  /** Only this webhook's attempts, e.g. a `Webhook`'s `id`; default the whole account's. */
  webhookId?: pulumi.Input<string>;
}

/** `getWebhookAttempts` with inputs that may be Outputs; the result is an Output. */
export function getWebhookAttemptsOutput(
  args: GetWebhookAttemptsOutputArgs = {},
): pulumi.Output<WebhookAttempt[]> {
  return pulumi.output(args).apply((resolved) => getWebhookAttempts(resolved));
}

/** A Conversant (Kazoo) webhook as `getWebhooks` lists it: the resource's outputs. */
export interface WebhookInfo {
  /** The webhook id (32 hex): what `adopt` takes. */
  id: string;
  /** The account it lives in. */
  accountId: string;
  /** Display name. */
  name: string;
  /** Receiver URL. */
  url: string;
  /** The hook. */
  hook: string;
  /** Delivery method. */
  httpVerb: "get" | "post" | "put";
  /** Delivery retries. */
  retries: number;
  /** Body format. */
  format: "form-data" | "json";
  /** Whether Kazoo delivers. */
  enabled: boolean;
  /** Static parameters (`custom_data`). */
  customData: Record<string, string>;
  /** Whether sub-account events are delivered. */
  includeSubaccounts: boolean;
  /** Whether internal legs are delivered. */
  includeInternalLegs: boolean;
  /** Why Kazoo disabled the hook, when it did. */
  disableReason?: string;
}

/** Arguments of `getWebhooks`. */
export interface GetWebhooksArgs {
  /** Account to list; default `conversant:accountId` / CONVERSANT_ACCOUNT_ID. */
  accountId?: string;
}

/** Arguments of `getWebhooksOutput`. */
export interface GetWebhooksOutputArgs {
  /** Account to list; default `conversant:accountId` / CONVERSANT_ACCOUNT_ID. */
  accountId?: pulumi.Input<string>;
}

/**
 * Every live webhook of the account, managed by Pulumi or not (e.g. made in the portal), to find the id to
 * `adopt`. Kazoo's list carries summaries only, so each webhook is read in full (one request per webhook).
 * Credentials resolve like the resources': stack config (`conversant:*`), then environment.
 */
export function getWebhooks(args: GetWebhooksArgs = {}): Promise<WebhookInfo[]> {
  return functions().then((loaded) => loaded.getWebhooks(programConfig(), args.accountId));
}

/** `getWebhooks` with inputs that may be Outputs; the result is an Output. */
export function getWebhooksOutput(args: GetWebhooksOutputArgs = {}): pulumi.Output<WebhookInfo[]> {
  return pulumi.output(args).apply((resolved) => getWebhooks(resolved));
}
