import * as pulumi from "@pulumi/pulumi";
import { useStackConfig } from "../provider/core/credentials";
import { webhookProvider } from "../provider/conversant";
import * as client from "../provider/conversant/client";
import type { ConversantHook, WebhookAttempt } from "../provider/conversant/public-types";
import { identityInput } from "./identity";

export type { WebhookAttempt };

/** One of the hooks Kazoo 4.3 installs, or `all`. */
export type WebhookHook = ConversantHook;

/** Inputs of a Conversant (Kazoo crossbar) webhook. */
export interface WebhookArgs {
  /** Kazoo account id (32 hex). Default `conversant:accountId` / CONVERSANT_ACCOUNT_ID. A change replaces the hook. */
  accountId?: pulumi.Input<string>;
  /** Display name (not unique), at most 256 characters. */
  name: pulumi.Input<string>;
  /** Receiver URL (`uri`); http or https. */
  url: pulumi.Input<string>;
  /**
   * The hook: `channel_create`, `channel_answer`, `channel_bridge`, `channel_destroy`, `object`,
   * `notifications`, `parking`, `sms`, `mms` or `all`. `object` needs `customData.type` and
   * `customData.action`; `notifications` needs `customData.type`. These known hooks are offered as
   * suggestions; the type also takes any other string, for a hook the account's operator installed
   * beyond them, which the provider checks at preview.
   */
  hook: pulumi.Input<WebhookHook | (string & {})>;
  /** Delivery method: `get`, `post` or `put`. Default `post`. */
  httpVerb?: pulumi.Input<"get" | "post" | "put">;
  /** Delivery retries, 0-4. Default `2`. */
  retries?: pulumi.Input<number>;
  /** Body format of post/put deliveries: `form-data` or `json`. Default `form-data`. */
  format?: pulumi.Input<"form-data" | "json">;
  /** Whether Kazoo delivers. Default `true`; `pulumi up` re-enables a hook Kazoo auto-disabled. */
  enabled?: pulumi.Input<boolean>;
  /** Static string parameters merged into every event (`custom_data`), including hook modifiers. Default `{}`. */
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
  /** The account the hook lives in: always the one actually used (delete uses it). */
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
  /** Why Kazoo disabled the hook (e.g. "too many failed attempts"); observed, never diffed, absent while enabled. */
  declare readonly disableReason: pulumi.Output<string | undefined>;

  constructor(name: string, args: WebhookArgs, opts?: pulumi.CustomResourceOptions) {
    super(webhookProvider, name, { accountId: undefined, ...args, ...identityInput("conversant:Webhook", name, opts), disableReason: undefined }, opts, "conversant", "Webhook");
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
export async function getWebhookAttempts(args: GetWebhookAttemptsArgs = {}): Promise<WebhookAttempt[]> {
  useStackConfig({
    get(key) {
      const [namespace, name] = key.split(":");
      try {
        return new pulumi.Config(namespace).get(name);
      } catch {
        return undefined;
      }
    },
    keys: () => Object.keys(pulumi.runtime.allConfig()),
  });
  return client.listAttempts(client.conversantApi(), client.requireAccountId(args.accountId), args.webhookId);
}
