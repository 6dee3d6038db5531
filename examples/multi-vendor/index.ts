import * as pulumi from "@pulumi/pulumi";
import { converc, conversant, convirza, erzycall, sendblue } from "pulumi-webhooks";

// One receiving service, subscribed on every platform; each platform's path tells the receiver which
// signature scheme to check. Credentials: see the README's table (stack config or environment).
const config = new pulumi.Config();
const receiver = config.require("receiverUrl");
/** Secret the receiver checks on Sendblue deliveries (Sendblue takes the secret you choose). */
const sendblueSecret = config.getSecret("sendblueSecret") ?? pulumi.secret("change-me-sendblue-entry-secret");

const erzycallCalls = new erzycall.Webhook("erzycall-calls", {
  url: `${receiver}/erzycall`,
  events: ["call.ended", "call.failed"],
  description: "events receiver",
});

const convercCalls = new converc.Webhook("converc-calls", {
  url: `${receiver}/converc`,
  events: ["call.ended", "call.missed"],
});

const convirzaCalls = new convirza.Webhook("convirza-calls", {
  name: "events receiver",
  url: `${receiver}/convirza`,
  format: "JSON",
});

const conversantHangups = new conversant.Webhook("conversant-hangups", {
  name: "events receiver",
  url: `${receiver}/conversant`,
  hook: "channel_destroy",
});

const sendblueInbound = new sendblue.Webhook("sendblue-inbound", {
  type: "receive",
  url: `${receiver}/sendblue`,
  secret: sendblueSecret,
});

/** Signing secrets for the receiver's configuration: secret outputs, shown as [secret]. */
export const signingSecrets = pulumi.secret({
  erzycall: erzycallCalls.secret,
  converc: convercCalls.secret,
  sendblue: sendblueInbound.secret,
});
export const webhookIds = {
  erzycall: erzycallCalls.id,
  converc: convercCalls.id,
  convirza: convirzaCalls.id,
  conversant: conversantHangups.id,
  sendblue: sendblueInbound.id,
};
