/**
 * The resources the native provider serves, by token (`webhooks:<vendor>:<Resource>`): what the protocol and the
 * schema say of each beyond its implementation, and how to load that implementation. Nothing here loads a vendor's
 * code: the plugin loads a vendor (its client, zod and undici behind it) when it first serves one of its resources,
 * so a program that uses one vendor never pays for the other four. resources.ts joins this table to the code.
 */
import type { ChangeKind } from "../core/diff";
import type { CompleteProvider } from "../core/complete-provider";
import type * as convercProvider from "../converc/provider";
import type * as conversantProvider from "../conversant/provider";
import type * as convirzaProvider from "../convirza/provider";
import type * as erzycallProvider from "../erzycall/provider";
import type * as sendblueProvider from "../sendblue/provider";
import type { Vendor } from "./config";

/** An output the resource adds to its inputs, described as the schema declares it. */
export interface ExtraOutput {
  type: "string" | "integer" | "boolean";
  description: string;
  secret?: boolean;
  /** Always present once created. */
  required?: boolean;
  /** Why an import cannot read it back, and what then: said as a warning on import. */
  unreadable?: string;
}

/** What serving a resource takes of its vendor's code. */
export interface ResourceCode {
  provider: CompleteProvider;
  changeKinds: Record<string, ChangeKind>;
}

export interface ResourceFacts {
  vendor: Vendor;
  /** The resource's name within its vendor: `Webhook` in `webhooks:erzycall:Webhook`. */
  name: string;
  description: string;
  /** How an existing object is named in `pulumi import`. */
  importId: string;
  /**
   * The vendor's code, required on first use. The plugin runs compiled (dist/), where `require` loads a module
   * once; tests and scripts that run the sources read the same code through resources.ts.
   */
  load(): ResourceCode;
  /** Inputs that are always secret, and so are their outputs. */
  secretInputs: readonly string[];
  outputs: Record<string, ExtraOutput>;
  /** Names of the object types nested in inputs, by input (default: resource name + input name). */
  typeNames?: Record<string, string>;
}

/** Sendblue's entry lists that may hold secrets (contactCreated takes bare URLs only). */
const ENTRY_LISTS = ["receive", "outbound", "typingIndicator", "callLog", "lineBlocked", "lineAssigned"];
/** What of Sendblue's webhook document is secret: the entry lists and both signing secrets. */
export const SENDBLUE_DOCUMENT_SECRETS = [...ENTRY_LISTS, "globalSecret", "legacySecret"];

const createdAt = (vendor: string, required: boolean): ExtraOutput => ({
  type: "string",
  description: `When ${vendor} created the webhook (ISO-8601)${required ? "" : `; absent when ${vendor} does not report it`}.`,
  required,
});
const signingSecret = (description: string, unreadable: string): ExtraOutput => ({
  type: "string",
  secret: true,
  description,
  unreadable,
});

export const RESOURCE_TABLE: readonly ResourceFacts[] = [
  {
    vendor: "converc",
    name: "Webhook",
    description:
      "A Converc webhook endpoint (`/integrations/webhooks`). Converc cannot update an endpoint: a url or events change replaces it (new id, new secret).",
    importId: "the endpoint id (a UUID); its secret cannot be read back",
    load: () => {
      const code = require("../converc/provider") as typeof convercProvider;
      return { provider: code.webhookProvider, changeKinds: code.CHANGE_KINDS };
    },
    secretInputs: [],
    outputs: {
      secret: signingSecret(
        "The signing secret (HMAC-SHA256 key for `X-IC-Signature`). Converc returns it only in the create response and it can never be read again: absent after adoption or import.",
        "Converc returns the signing secret only once, when the endpoint is created: after this import `secret` stays unset",
      ),
      active: {
        type: "boolean",
        description:
          "`true` while the resource is managed: Converc's delete only disables, and a disabled endpoint reads as gone.",
        required: true,
      },
      createdAt: createdAt("Converc", true),
      updatedAt: {
        type: "string",
        description: "When Converc last changed the endpoint (ISO-8601).",
        required: true,
      },
    },
  },
  {
    vendor: "conversant",
    name: "Webhook",
    description:
      "A Conversant (Kazoo crossbar) webhook (`/v1/accounts/{accountId}/webhooks`). The account replaces; every other input updates in place.",
    importId: "the 32-hex webhook id, in the account of the provider's accountId",
    load: () => {
      const code = require("../conversant/provider") as typeof conversantProvider;
      return { provider: code.webhookProvider, changeKinds: code.CHANGE_KINDS };
    },
    secretInputs: [],
    outputs: {
      accountId: {
        type: "string",
        description:
          "The account the hook lives in: always the one actually used. Refresh, update and delete use it, not the current config.",
        required: true,
      },
      disableReason: {
        type: "string",
        description:
          "Kazoo's reason while it has the hook auto-disabled (e.g. `too many failed attempts`); absent otherwise. Observed only: it never causes a diff.",
      },
    },
  },
  {
    vendor: "convirza",
    name: "Webhook",
    description: "A Convirza webhook (`/v3/webhooks`). Every input updates in place.",
    importId: "the numeric webhook id",
    load: () => {
      const code = require("../convirza/provider") as typeof convirzaProvider;
      return { provider: code.webhookProvider, changeKinds: code.CHANGE_KINDS };
    },
    secretInputs: [],
    outputs: {
      createdAt: createdAt("Convirza", false),
      createdBy: {
        type: "integer",
        description:
          "The Convirza user id that created the webhook (the token's user, or whoever made an adopted webhook); absent when Convirza does not report it.",
      },
    },
  },
  {
    vendor: "erzycall",
    name: "Webhook",
    description:
      "An Erzycall webhook endpoint (`/api/v1/webhooks`). Every input updates in place; the signing secret is a secret output.",
    importId: "the endpoint id, e.g. wh_001; its secret cannot be read back until the next rotation",
    load: () => {
      const code = require("../erzycall/provider") as typeof erzycallProvider;
      return { provider: code.webhookProvider, changeKinds: code.CHANGE_KINDS };
    },
    secretInputs: [],
    outputs: {
      secret: signingSecret(
        "The signing secret (`whsec_...`, HMAC-SHA256 key for `X-Webhook-Signature`). Erzycall returns it only on create and on rotation: absent after adoption or import until the first rotation.",
        "Erzycall returns the signing secret only when the endpoint is created or its secret rotated: after this import `secret` stays unset until the next rotation (change `secretVersion`)",
      ),
      createdAt: createdAt("Erzycall", true),
    },
  },
  {
    vendor: "sendblue",
    name: "Webhook",
    description:
      "One Sendblue webhook entry (a type and a url in the account's webhook document). Any change replaces the entry.",
    importId: "`<type>/<url-encoded url>`, e.g. receive/https%3A%2F%2Fexample.com%2Fhook",
    load: () => {
      const code = require("../sendblue/provider") as typeof sendblueProvider;
      return { provider: code.webhookProvider, changeKinds: code.WEBHOOK_CHANGES };
    },
    secretInputs: ["secret"],
    outputs: {},
  },
  {
    vendor: "sendblue",
    name: "WebhookConfiguration",
    description:
      "The whole Sendblue webhook document of the account: every entry of every type, and the global secret.",
    importId: "`account` (there is one document per account)",
    load: () => {
      const code = require("../sendblue/provider") as typeof sendblueProvider;
      return { provider: code.webhookConfigurationProvider, changeKinds: code.CONFIGURATION_CHANGES };
    },
    secretInputs: SENDBLUE_DOCUMENT_SECRETS,
    outputs: {},
    typeNames: Object.fromEntries(ENTRY_LISTS.map((list) => [list, "webhooks:sendblue:WebhookEntry"])),
  },
];

export const tokenOf = (entry: Pick<ResourceFacts, "vendor" | "name">): string =>
  `webhooks:${entry.vendor}:${entry.name}`;

/** The secret outputs of a resource: its secret inputs and its secret extra outputs. */
export function secretOutputsOf(entry: ResourceFacts): string[] {
  return [...entry.secretInputs, ...Object.keys(entry.outputs).filter((key) => entry.outputs[key]!.secret)];
}
