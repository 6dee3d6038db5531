import * as pulumi from "@pulumi/pulumi";
import { webhookProvider } from "../provider/converc";
import type { ConvercEvent } from "../provider/converc/public-types";
import { identityInput } from "./identity";

/** One event of Converc's catalogue. */
export type WebhookEvent = ConvercEvent;

/** Inputs of a Converc webhook endpoint. */
export interface WebhookArgs {
  /** HTTPS URL Converc delivers events to. Changing it replaces the endpoint: new id, new secret. */
  url: pulumi.Input<string>;
  /**
   * Events to deliver, from Converc's catalogue (`call.requested`, `call.accepted`, `call.canceled`,
   * `call.missed`, `call.ended`, `call.transcript_ready`, `call.recording_ready`). Omitted or `[]`
   * means every event (the output is then `[]`). A set: order and duplicates never cause a diff.
   * Changing it replaces the endpoint: new id, new secret.
   */
  events?: pulumi.Input<pulumi.Input<WebhookEvent>[]>;
  /**
   * After creating the endpoint, send Converc's `webhook.test` event; if the receiver does not accept
   * it, the update fails with the receiver's status and Converc's error, and the endpoint (with its
   * secret) is kept in state so the next `pulumi up` re-sends the test. Default `false`. Changing it
   * later changes nothing at Converc.
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
   * The signing secret (HMAC-SHA256 key for `X-IC-Signature`), returned by Converc only once, on
   * create; a secret output. Absent after adoption.
   */
  declare readonly secret: pulumi.Output<string | undefined>;
  /** Whether Converc delivers to the endpoint; `true` while managed (a disabled endpoint reads as gone). */
  declare readonly active: pulumi.Output<boolean>;
  /** When Converc created the endpoint (ISO-8601). */
  declare readonly createdAt: pulumi.Output<string>;
  /** When Converc last changed the endpoint (ISO-8601). */
  declare readonly updatedAt: pulumi.Output<string>;

  constructor(name: string, args: WebhookArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      webhookProvider,
      name,
      { ...args, ...identityInput("converc:Webhook", name, opts), secret: undefined, active: undefined, createdAt: undefined, updatedAt: undefined },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["secret"] }),
      "converc",
      "Webhook",
    );
  }
}
