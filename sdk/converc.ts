import * as pulumi from "@pulumi/pulumi";
import { resourceEntry } from "../provider/manifest";
import { webhookProvider } from "../provider/converc";
import type { ConvercEvent } from "../provider/converc/public-types";
import type * as Functions from "../provider/converc/functions";
import { programConfig } from "./functions";
import { identityInput } from "./identity";
import { registration } from "./registration";

// The vendor client (zod, undici) loads on a function's first call: a program that only declares resources
// starts without it.
const functions = (): Promise<typeof Functions> => import("../provider/converc/functions.js");

const WEBHOOK = resourceEntry("converc", "Webhook");

/** One event of Converc's catalogue. */
export type WebhookEvent = ConvercEvent;

/** Inputs of a Converc webhook endpoint. */
export interface WebhookArgs {
  /**
   * HTTPS URL Converc delivers events to: `https://` only, at most 2048 characters, no user name or password
   * in it. Changing it replaces the endpoint: new id, new secret.
   */
  url: pulumi.Input<string>;
  /**
   * Events to deliver, from Converc's catalogue. Omitted or `[]` means every event, including events Converc
   * adds later (the output is then `[]`); a list naming every event known today is sent as that list. A set:
   * order and duplicates never cause a diff. Changing it replaces the endpoint: new id, new secret.
   */
  events?: pulumi.Input<pulumi.Input<WebhookEvent>[]>;
  /**
   * After creating the endpoint, send Converc's `webhook.test` event; if the receiver does not accept it, the
   * create fails with the receiver's status and Converc's error, and the endpoint (with its secret) is kept
   * in state so the next `pulumi up` sends the test again. Changing it later changes nothing at Converc.
   * Default `false`.
   */
  verifyDelivery?: pulumi.Input<boolean>;
  /**
   * Id of an existing, active endpoint with exactly this url and events to take over instead of
   * creating one. Its secret cannot be read back, so `secret` stays unset (replace the endpoint to get
   * one). Only used on create.
   */
  adopt?: pulumi.Input<string>;
}

/**
 * A Converc webhook endpoint (`/integrations/webhooks`). Converc cannot update an endpoint, so a
 * change of `url` or `events` creates a new one (with a new signing secret) before disabling the
 * old one; delete disables it.
 */
export class Webhook extends pulumi.dynamic.Resource {
  /** The receiver URL. */
  declare readonly url: pulumi.Output<string>;
  /** Subscribed events, sorted and without duplicates; `[]` means every event. */
  declare readonly events: pulumi.Output<string[]>;
  /** Whether a test event is sent after create. */
  declare readonly verifyDelivery: pulumi.Output<boolean>;
  /** The adopted endpoint id, when the resource took one over. */
  declare readonly adopt: pulumi.Output<string | undefined>;
  /**
   * The signing secret (HMAC-SHA256 key for `X-IC-Signature`). Converc returns it only in the create response
   * and it can never be read again: absent after adoption or import. A secret output.
   */
  declare readonly secret: pulumi.Output<string | undefined>;
  /**
   * `true` while the resource is managed: Converc's delete only disables, and a disabled endpoint reads as
   * gone.
   */
  declare readonly active: pulumi.Output<boolean>;
  /** When Converc created the webhook (ISO-8601). */
  declare readonly createdAt: pulumi.Output<string>;
  /** When Converc last changed the endpoint (ISO-8601). */
  declare readonly updatedAt: pulumi.Output<string>;

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
          active: undefined,
          createdAt: undefined,
          updatedAt: undefined,
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

/** A Converc webhook endpoint as `getWebhooks` lists it: the resource's outputs; Converc never lists a secret. */
export interface WebhookInfo {
  /** The endpoint id (a UUID): what `adopt` takes. */
  id: string;
  /** The receiver URL. */
  url: string;
  /** Subscribed events, sorted; `[]` means every event. */
  events: string[];
  /** `false` once disabled (Converc's delete): it receives nothing and cannot be adopted. */
  active: boolean;
  /** When Converc created the endpoint (ISO-8601). */
  createdAt: string;
  /** When Converc last changed the endpoint (ISO-8601). */
  updatedAt: string;
}

/**
 * Every endpoint of the organization, managed by Pulumi or not, disabled ones included, to find the id
 * to `adopt`. Credentials resolve like the resources': stack config (`converc:*`), then the environment.
 */
export function getWebhooks(): Promise<WebhookInfo[]> {
  return functions().then((loaded) => loaded.getWebhooks(programConfig()));
}

/** `getWebhooks` as an Output. */
export function getWebhooksOutput(): pulumi.Output<WebhookInfo[]> {
  return pulumi.output(getWebhooks());
}

/** Arguments of `sendTestEvent`. */
export interface SendTestEventArgs {
  /** The endpoint to send Converc's `webhook.test` event to. */
  webhookId: string;
}

/** Arguments of `sendTestEventOutput`. */
export interface SendTestEventOutputArgs {
  /** The endpoint to send Converc's `webhook.test` event to, e.g. a `Webhook`'s `id`. */
  webhookId: pulumi.Input<string>;
}

/** What the receiver made of the test event. */
export interface TestEventResult {
  /** Whether the receiver answered 2xx. */
  ok: boolean;
  /** The receiver's HTTP status; absent when it gave none. */
  status?: number;
  /** Why the delivery failed (a timeout, a refused connection), in Converc's words. */
  error?: string;
}

/**
 * Sends Converc's `webhook.test` event to an existing endpoint now and returns what the receiver did. It
 * sends on every call (in a program: on every preview and up), so call it where a test is wanted.
 */
export function sendTestEvent(args: SendTestEventArgs): Promise<TestEventResult> {
  return functions().then((loaded) => loaded.sendTestEvent(programConfig(), args.webhookId));
}

/** `sendTestEvent` with inputs that may be Outputs; the result is an Output. */
export function sendTestEventOutput(args: SendTestEventOutputArgs): pulumi.Output<TestEventResult> {
  return pulumi.output(args).apply((resolved) => sendTestEvent(resolved));
}

/** Arguments of `getRecentEvents`. */
export interface GetRecentEventsArgs {
  /** The event type, from Converc's catalogue (e.g. `call.ended`). */
  eventType: string;
  /** How many to return; Converc's default when omitted. */
  display?: number;
}

/** Arguments of `getRecentEventsOutput`. */
export interface GetRecentEventsOutputArgs {
  /** The event type, from Converc's catalogue (e.g. `call.ended`). */
  eventType: pulumi.Input<string>;
  /** How many to return; Converc's default when omitted. */
  display?: pulumi.Input<number>;
}

/** One recent event, as Converc delivers it. */
export interface RecentEvent {
  /** The event id (`X-IC-Id` on delivery). */
  id: string;
  /** The event type. */
  type: string;
  /** When the event happened (ISO-8601). */
  createdAt: string;
  /** The organization it belongs to. */
  organizationId?: string;
  /** The event's payload: `call`, `contact`, `qualificationAnswers`, `transcript`, `recording`. */
  data: Record<string, unknown>;
}

/** Converc's recent samples of one event type, to see what a receiver will get. */
export function getRecentEvents(args: GetRecentEventsArgs): Promise<RecentEvent[]> {
  return functions().then((loaded) => loaded.getRecentEvents(programConfig(), args.eventType, args.display));
}

/** `getRecentEvents` with inputs that may be Outputs; the result is an Output. */
export function getRecentEventsOutput(args: GetRecentEventsOutputArgs): pulumi.Output<RecentEvent[]> {
  return pulumi.output(args).apply((resolved) => getRecentEvents(resolved));
}
