import * as pulumi from "@pulumi/pulumi";
import { resourceEntry } from "../provider/manifest";
import { webhookProvider } from "../provider/erzycall";
import type { ErzycallEvent } from "../provider/erzycall/public-types";
import type * as Functions from "../provider/erzycall/functions";
import { programConfig } from "./functions";
import { identityInput } from "./identity";
import { registration } from "./registration";

// The vendor client (zod, undici) loads on a function's first call: a program that only declares resources
// starts without it.
const functions = (): Promise<typeof Functions> => import("../provider/erzycall/functions.js");

const WEBHOOK = resourceEntry("erzycall", "Webhook");

/** One event of Erzycall's catalogue. */
export type WebhookEvent = ErzycallEvent;

/** Inputs of an Erzycall webhook endpoint. */
export interface WebhookArgs {
  /**
   * HTTPS URL Erzycall delivers events to: `https://` only, at most 2048 characters, no user name or password
   * in it.
   */
  url: pulumi.Input<string>;
  /**
   * Events to deliver: 1-10 distinct names from Erzycall's catalogue. A set: order and duplicates never cause
   * a diff.
   */
  events: pulumi.Input<pulumi.Input<WebhookEvent>[]>;
  /** Free text shown in the Erzycall dashboard, at most 500 characters; unset and `""` are the same. */
  description?: pulumi.Input<string>;
  /** Whether Erzycall delivers to the endpoint (`isActive`). Default `true`. */
  active?: pulumi.Input<boolean>;
  /**
   * Change it to rotate the signing secret in place (setting it for the first time rotates too; removing it
   * does not). A number, or a string of at most 200 characters; `1` and `"1"` are the same version.
   */
  secretVersion?: pulumi.Input<string | number>;
  /**
   * Id of an existing endpoint (e.g. `wh_001`) to take over instead of creating one. Its secret
   * cannot be read back: `secret` stays unset until the next rotation. Only used on create.
   */
  adopt?: pulumi.Input<string>;
}

/**
 * An Erzycall webhook endpoint (`/api/v1/webhooks`). Every input updates in place; the signing
 * secret comes back as a secret output.
 */
export class Webhook extends pulumi.dynamic.Resource {
  /** The receiver URL. */
  declare readonly url: pulumi.Output<string>;
  /** Subscribed events, sorted and without duplicates. */
  declare readonly events: pulumi.Output<string[]>;
  /** The description, absent when unset. */
  declare readonly description: pulumi.Output<string | undefined>;
  /** Whether the endpoint receives deliveries. */
  declare readonly active: pulumi.Output<boolean>;
  /** The declared secret version, as a string. */
  declare readonly secretVersion: pulumi.Output<string | undefined>;
  /** The adopted endpoint id, when the resource took one over. */
  declare readonly adopt: pulumi.Output<string | undefined>;
  /**
   * The signing secret (`whsec_...`, HMAC-SHA256 key for `X-Webhook-Signature`). Erzycall returns it only on
   * create and on rotation: absent after adoption or import until the first rotation. A secret output.
   */
  declare readonly secret: pulumi.Output<string | undefined>;
  /** When Erzycall created the webhook (ISO-8601). */
  declare readonly createdAt: pulumi.Output<string>;

  constructor(name: string, args: WebhookArgs, opts?: pulumi.CustomResourceOptions) {
    const registering = registration();
    try {
      super(
        webhookProvider,
        name,
        {
          ...args,
          ...identityInput(WEBHOOK.token, name, opts),
          secret: undefined,
          createdAt: undefined,
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

/** An Erzycall webhook endpoint as `getWebhooks` lists it: the resource's outputs, without the secret. */
export interface WebhookInfo {
  /** The endpoint id (e.g. `wh_001`): what `adopt` takes. */
  id: string;
  /** The receiver URL. */
  url: string;
  /** Subscribed events, sorted and without duplicates. */
  events: string[];
  /** Free text shown in the dashboard; absent when there is none. */
  description?: string;
  /** Whether Erzycall delivers to the endpoint. */
  active: boolean;
  /** When Erzycall created the endpoint (ISO-8601). */
  createdAt: string;
}

/**
 * Every webhook endpoint of the organization, managed by Pulumi or not (e.g. made in the dashboard), to
 * find the id to `adopt`. Erzycall never lists signing secrets. Credentials resolve like the resources':
 * stack config (`erzycall:*`), then the environment; the key needs `webhooks:read`.
 */
export function getWebhooks(): Promise<WebhookInfo[]> {
  return functions().then((loaded) => loaded.getWebhooks(programConfig()));
}

/** `getWebhooks` as an Output. */
export function getWebhooksOutput(): pulumi.Output<WebhookInfo[]> {
  return pulumi.output(getWebhooks());
}
