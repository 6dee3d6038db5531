import * as pulumi from "@pulumi/pulumi";
import { resourceEntry } from "../provider/manifest";
import { webhookProvider } from "../provider/convirza";
import type { ConvirzaFormat, ConvirzaMethod } from "../provider/convirza/public-types";
import type * as Functions from "../provider/convirza/functions";
import { programConfig } from "./functions";
import { identityInput } from "./identity";
import { registration } from "./registration";

// The vendor client (zod, undici) loads on a function's first call: a program that only declares resources
// starts without it.
const functions = (): Promise<typeof Functions> => import("../provider/convirza/functions.js");

const WEBHOOK = resourceEntry("convirza", "Webhook");

/** Inputs of a Convirza webhook (Platform API v3, `/v3/webhooks`). */
export interface WebhookArgs {
  /**
   * Name of the webhook shown in Convirza (`webhook_name`): not empty, at most 255 characters; surrounding
   * spaces are trimmed.
   */
  name: pulumi.Input<string>;
  /**
   * HTTPS URL Convirza calls (`webhook_endpoint`): `https://` only, at most 2048 characters, no user name or
   * password in it.
   */
  url: pulumi.Input<string>;
  /** Payload format (`format`), upper case exactly. Default `"JSON"`. */
  format?: pulumi.Input<ConvirzaFormat>;
  /** HTTP verb Convirza calls `url` with (`method`), upper case exactly. Default `"POST"`. */
  method?: pulumi.Input<ConvirzaMethod>;
  /** Free text shown in Convirza, at most 1000 characters; unset and `""` are the same. */
  description?: pulumi.Input<string>;
  /** Add data-append fields to each delivery (`include_data_append`). Default `false`. */
  includeDataAppend?: pulumi.Input<boolean>;
  /** Add DNI (dynamic number insertion) logs to each delivery (`include_dni_logs`). Default `false`. */
  includeDniLogs?: pulumi.Input<boolean>;
  /** Add indicator scores to each delivery (`include_indicator_scores`). Default `false`. */
  includeIndicatorScores?: pulumi.Input<boolean>;
  /** Add IVR keypresses to each delivery (`include_ivr_keypresses`). Default `false`. */
  includeIvrKeypresses?: pulumi.Input<boolean>;
  /** Whether Convirza delivers (`webhook_status` `active` / `inactive`). Default `true`. */
  active?: pulumi.Input<boolean>;
  /**
   * Fixed fields Convirza adds to every delivery (`static_parameters`), parameter name (not empty) to string
   * value; order never causes a diff. Values are often the receiver's API keys: pass them with
   * `pulumi.secret` (the whole map or single values) and they stay secret in outputs and state. Default `{}`.
   */
  staticParameters?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /**
   * Id of an existing Convirza webhook (e.g. `"1042"`) to take over instead of creating one; it is
   * brought to the declared state in place. Only used on create.
   */
  adopt?: pulumi.Input<string>;
}

/**
 * A Convirza webhook (`/v3/webhooks`). Every input updates in place. A webhook deleted in Convirza
 * (soft-deleted) reads as gone on refresh, and the next `pulumi up` recreates it.
 */
export class Webhook extends pulumi.dynamic.Resource {
  /** The webhook's name. */
  declare readonly name: pulumi.Output<string>;
  /** The URL Convirza calls. */
  declare readonly url: pulumi.Output<string>;
  /** The payload format. */
  declare readonly format: pulumi.Output<ConvirzaFormat>;
  /** The HTTP verb Convirza uses. */
  declare readonly method: pulumi.Output<ConvirzaMethod>;
  /** The description, absent when unset. */
  declare readonly description: pulumi.Output<string | undefined>;
  /** Whether deliveries include data-append fields. */
  declare readonly includeDataAppend: pulumi.Output<boolean>;
  /** Whether deliveries include DNI logs. */
  declare readonly includeDniLogs: pulumi.Output<boolean>;
  /** Whether deliveries include indicator scores. */
  declare readonly includeIndicatorScores: pulumi.Output<boolean>;
  /** Whether deliveries include IVR keypresses. */
  declare readonly includeIvrKeypresses: pulumi.Output<boolean>;
  /** Whether the webhook is active. */
  declare readonly active: pulumi.Output<boolean>;
  /** The static parameters, by name; values given as secrets stay secret. */
  declare readonly staticParameters: pulumi.Output<Record<string, string>>;
  /** The adopted webhook id, when the resource took one over. */
  declare readonly adopt: pulumi.Output<string | undefined>;
  /** When Convirza created the webhook (ISO-8601); absent when Convirza does not report it. */
  declare readonly createdAt: pulumi.Output<string | undefined>;
  /**
   * The Convirza user id that created the webhook (the token's user, or whoever made an adopted webhook);
   * absent when Convirza does not report it.
   */
  declare readonly createdBy: pulumi.Output<number | undefined>;

  constructor(name: string, args: WebhookArgs, opts?: pulumi.CustomResourceOptions) {
    const registering = registration();
    try {
      super(
        webhookProvider,
        name,
        {
          ...args,
          ...identityInput(WEBHOOK.token, name, opts),
          createdAt: undefined,
          createdBy: undefined,
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

/** A Convirza webhook as `getWebhooks` lists it: the resource's outputs. */
export interface WebhookInfo {
  /** The webhook id (an integer, as a string): what `adopt` takes. */
  id: string;
  /** Display name. */
  name: string;
  /** Receiver URL. */
  url: string;
  /** Payload format. */
  format: "JSON" | "XML" | "XML_CQM" | "FORM_DATA";
  /** HTTP method Convirza calls the receiver with. */
  method: "GET" | "POST" | "PUT" | "PATCH";
  /** Description; absent when there is none. */
  description?: string;
  /** Whether data-append fields are included. */
  includeDataAppend: boolean;
  /** Whether DNI logs are included. */
  includeDniLogs: boolean;
  /** Whether indicator scores are included. */
  includeIndicatorScores: boolean;
  /** Whether IVR keypresses are included. */
  includeIvrKeypresses: boolean;
  /** Whether the webhook is active. */
  active: boolean;
  /** Static parameters sent with every call, often the receiver's credentials (see `getWebhooksOutput`). */
  staticParameters: Record<string, string>;
  /** When Convirza created the webhook (ISO-8601), when it says. */
  createdAt?: string;
  /** The user who created it, when Convirza says. */
  createdBy?: number | string;
}

/**
 * Every live webhook the token can see, managed by Pulumi or not, to find the id to `adopt`. Read from the
 * list at `convirza:webhooksListPath` (default `/webhooks`; Convirza does not document the list's path).
 * Credentials resolve like the resources': stack config (`convirza:*`), then the environment.
 */
export function getWebhooks(): Promise<WebhookInfo[]> {
  return functions().then((loaded) => loaded.getWebhooks(programConfig()));
}

/** `getWebhooks` as an Output, marked secret when any webhook has static parameters (they often hold credentials). */
export function getWebhooksOutput(): pulumi.Output<WebhookInfo[]> {
  return pulumi
    .output(getWebhooks())
    .apply((webhooks) =>
      webhooks.some((webhook) => Object.keys(webhook.staticParameters).length > 0)
        ? pulumi.secret(webhooks)
        : webhooks,
    ) as pulumi.Output<WebhookInfo[]>;
}
