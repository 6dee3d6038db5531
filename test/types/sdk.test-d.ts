/**
 * Type tests of the SDK's public Input and Output types, as a program sees them through the package's entry.
 * `npm run typecheck` compiles them (a broken expectation is a compile error); nothing here runs.
 */
import type * as pulumi from "@pulumi/pulumi";
import { expectTypeOf } from "vitest";
import { converc, type conversant, type convirza, erzycall, type sendblue } from "pulumi-webhooks";

/** The keys a program must set. */
type RequiredKeys<T> = { [K in keyof T]-?: Partial<Pick<T, K>> extends Pick<T, K> ? never : K }[keyof T];

// Required inputs are required, and only they.
expectTypeOf<RequiredKeys<erzycall.WebhookArgs>>().toEqualTypeOf<"url" | "events">();
expectTypeOf<RequiredKeys<converc.WebhookArgs>>().toEqualTypeOf<"url">();
expectTypeOf<RequiredKeys<convirza.WebhookArgs>>().toEqualTypeOf<"name" | "url">();
expectTypeOf<RequiredKeys<conversant.WebhookArgs>>().toEqualTypeOf<"name" | "url" | "hook">();
expectTypeOf<RequiredKeys<sendblue.WebhookArgs>>().toEqualTypeOf<"type" | "url">();
expectTypeOf<RequiredKeys<sendblue.WebhookConfigurationArgs>>().toEqualTypeOf<never>();

// Catalogue values are literal unions: a misspelt event is a compile error, not a preview failure.
expectTypeOf<erzycall.WebhookEvent>().toEqualTypeOf<
  | "call.cancelled"
  | "call.ended"
  | "call.failed"
  | "call.scheduled"
  | "call.started"
  | "contact.created"
  | "contact.deleted"
  | "contact.updated"
>();
expectTypeOf<"call.canceled">().toMatchTypeOf<converc.WebhookEvent>();
expectTypeOf<"call.cancelled">().not.toMatchTypeOf<converc.WebhookEvent>();
expectTypeOf<"call.canceled">().not.toMatchTypeOf<erzycall.WebhookEvent>();
expectTypeOf<string>().not.toMatchTypeOf<erzycall.WebhookEvent>();
expectTypeOf<sendblue.WebhookType>().toEqualTypeOf<
  | "receive"
  | "outbound"
  | "typing_indicator"
  | "call_log"
  | "line_blocked"
  | "line_assigned"
  | "contact_created"
>();
expectTypeOf<"json">().not.toMatchTypeOf<pulumi.Unwrap<convirza.WebhookArgs["format"]>>();
expectTypeOf<"JSON">().toMatchTypeOf<pulumi.Unwrap<convirza.WebhookArgs["format"]>>();
expectTypeOf<"delete">().not.toMatchTypeOf<pulumi.Unwrap<conversant.WebhookArgs["httpVerb"]>>();

export const misspelt: erzycall.WebhookArgs = {
  url: "https://example.com/hooks",
  // @ts-expect-error: Converc's spelling is not in Erzycall's catalogue
  events: ["call.canceled"],
};
// @ts-expect-error: a required input left out
export const withoutUrl: erzycall.WebhookArgs = { events: ["call.ended"] };
// @ts-expect-error: an input the schema does not declare
export const unknownInput: convirza.WebhookArgs = { name: "crm", url: "https://example.com", verb: "POST" };

// Every input takes an Output, and so does each element of a list.
expectTypeOf<pulumi.Output<string>>().toMatchTypeOf<erzycall.WebhookArgs["url"]>();
expectTypeOf<pulumi.Output<"call.ended">[]>().toMatchTypeOf<erzycall.WebhookArgs["events"]>();
expectTypeOf<Record<string, pulumi.Output<string>>>().toMatchTypeOf<
  convirza.WebhookArgs["staticParameters"]
>();
expectTypeOf<pulumi.Output<sendblue.WebhookEntry>[]>().toMatchTypeOf<
  sendblue.WebhookConfigurationArgs["receive"]
>();
// ... and each field of an entry, as docs/sendblue.md declares one: `{ url, secret: config.requireSecret(...) }`.
expectTypeOf<Array<{ url: pulumi.Output<string>; secret: pulumi.Output<string> }>>().toMatchTypeOf<
  sendblue.WebhookConfigurationArgs["outbound"]
>();

// Secrets are Outputs of strings (absent when unset), which the engine keeps secret.
expectTypeOf<erzycall.Webhook["secret"]>().toEqualTypeOf<pulumi.Output<string | undefined>>();
expectTypeOf<converc.Webhook["secret"]>().toEqualTypeOf<pulumi.Output<string | undefined>>();
expectTypeOf<sendblue.Webhook["secret"]>().toEqualTypeOf<pulumi.Output<string | undefined>>();
expectTypeOf<sendblue.WebhookConfiguration["globalSecret"]>().toEqualTypeOf<
  pulumi.Output<string | undefined>
>();

// Outputs carry the checked shape: lists sorted sets of strings, defaults filled in.
expectTypeOf<erzycall.Webhook["events"]>().toEqualTypeOf<pulumi.Output<string[]>>();
expectTypeOf<erzycall.Webhook["active"]>().toEqualTypeOf<pulumi.Output<boolean>>();
expectTypeOf<erzycall.Webhook["id"]>().toEqualTypeOf<pulumi.Output<string>>();
expectTypeOf<convirza.Webhook["format"]>().toEqualTypeOf<
  pulumi.Output<"JSON" | "XML" | "XML_CQM" | "FORM_DATA">
>();

// Functions: a Promise of plain values, and an Output form.
expectTypeOf(erzycall.getWebhooks).returns.toEqualTypeOf<Promise<erzycall.WebhookInfo[]>>();
expectTypeOf(erzycall.getWebhooksOutput).returns.toEqualTypeOf<pulumi.Output<erzycall.WebhookInfo[]>>();
expectTypeOf(converc.sendTestEvent).parameter(0).toEqualTypeOf<converc.SendTestEventArgs>();
