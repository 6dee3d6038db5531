/**
 * The functions (invokes) the native provider serves: every function of the dynamic package's SDK, running the
 * same vendor code with the provider config as their stack config. Their schema comes from the same zod source
 * as the resources': a listed webhook is the resource's outputs (as the schema declares them) plus its id.
 */
import * as converc from "../converc/functions";
import { eventsWireSchema } from "../converc/schema";
import * as conversantClient from "../conversant/client";
import * as conversant from "../conversant/functions";
import * as convirza from "../convirza/functions";
import * as erzycall from "../erzycall/functions";
import * as sendblue from "../sendblue/functions";
import { providerStackConfig } from "../core/native-adapter";
import type { Vendor } from "./config";
import { SENDBLUE_DOCUMENT_SECRETS } from "./resource-table";
import { objectSchema, type PulumiType, type TypeTable } from "./schema-types";

/** What a function's schema is built from. */
export interface FunctionSchemaContext {
  /** The package's object types, to which a function adds its own. */
  types: TypeTable;
  /** A resource's output properties and the required ones, as the schema declares them, by token. */
  outputsOf(token: string): { properties: Record<string, PulumiType>; required: string[] };
}

export interface FunctionSchema {
  inputs: Record<string, PulumiType>;
  requiredInputs: string[];
  outputs: Record<string, PulumiType>;
  requiredOutputs: string[];
}

export interface NativeFunction {
  token: string;
  description: string;
  schema(context: FunctionSchemaContext): FunctionSchema;
  /** Outputs marked secret on the wire (and `secret` in the schema). */
  secretOutputs: readonly string[];
  invoke(args: Record<string, unknown>): Promise<Record<string, unknown>>;
}

const text = (description: string): PulumiType => ({ type: "string", description });

const optionalText = (args: Record<string, unknown>, key: string): string | undefined =>
  typeof args[key] === "string" && args[key] !== "" ? (args[key] as string) : undefined;

function requiredText(args: Record<string, unknown>, key: string, token: string): string {
  const value = optionalText(args, key);
  if (value === undefined) throw new Error(`${token}: \`${key}\` is required (a non-empty string)`);
  return value;
}

/** A resource output as a listing shows it: what only a declaration has (defaults, replacement) left out. */
function listedProperty(token: string, key: string, property: PulumiType | undefined): PulumiType {
  if (!property) throw new Error(`${token} declares no output ${key}`);
  const { replaceOnChanges: _replaces, default: _default, ...listed } = property;
  return listed;
}

/**
 * `<vendor>.getWebhooks`: every webhook the vendor lists, each as `webhooks:<vendor>:WebhookInfo`, the
 * resource's outputs `keys` (those the listing carries) plus the id.
 */
function listWebhooks(
  vendor: Vendor,
  spec: {
    description: string;
    id: string;
    keys: readonly string[];
    inputs?: Record<string, PulumiType>;
    list(args: Record<string, unknown>): Promise<unknown[]>;
  },
): NativeFunction {
  const resource = `webhooks:${vendor}:Webhook`;
  const info = `webhooks:${vendor}:WebhookInfo`;
  return {
    token: `webhooks:${vendor}:getWebhooks`,
    description: spec.description,
    secretOutputs: [],
    schema({ types, outputsOf }) {
      const outputs = outputsOf(resource);
      const properties: Record<string, PulumiType> = { id: text(spec.id) };
      for (const key of spec.keys) properties[key] = listedProperty(resource, key, outputs.properties[key]);
      types[info] = {
        type: "object",
        description: `A ${resource} as the vendor lists it: its outputs and its id.`,
        properties,
        // What the resource always has once created is in every listing too.
        required: ["id", ...spec.keys.filter((key) => outputs.required.includes(key))],
      };
      return {
        inputs: spec.inputs ?? {},
        requiredInputs: [],
        outputs: {
          webhooks: {
            type: "array",
            items: { $ref: `#/types/${info}` },
            description: "Every webhook listed, in the vendor's order.",
          },
        },
        requiredOutputs: ["webhooks"],
      };
    },
    async invoke(args) {
      return { webhooks: await spec.list(args) };
    },
  };
}

const ATTEMPT_TYPE = "webhooks:conversant:WebhookAttempt";
const RECENT_EVENT_TYPE = "webhooks:converc:RecentEvent";
/** The document's keys: its secret parts and the bare URLs of contactCreated. */
const SENDBLUE_DOCUMENT_KEYS = [...SENDBLUE_DOCUMENT_SECRETS, "contactCreated"];

export const NATIVE_FUNCTIONS: readonly NativeFunction[] = [
  listWebhooks("convirza", {
    description:
      "Every live webhook the token can see, from the list at the provider's convirza webhooksListPath (default /webhooks).",
    id: "The numeric webhook id, as text (the import id).",
    keys: [
      "name",
      "url",
      "format",
      "method",
      "description",
      "includeDataAppend",
      "includeDniLogs",
      "includeIndicatorScores",
      "includeIvrKeypresses",
      "active",
      "staticParameters",
      "createdAt",
      "createdBy",
    ],
    list: () => convirza.getWebhooks(providerStackConfig()),
  }),
  listWebhooks("converc", {
    description: "Every endpoint of the organization, disabled ones included; Converc never lists a secret.",
    id: "The endpoint id (a UUID).",
    keys: ["url", "events", "active", "createdAt", "updatedAt"],
    list: () => converc.getWebhooks(providerStackConfig()),
  }),
  {
    token: "webhooks:converc:getRecentEvents",
    description: "Converc's recent samples of one event type, to see what a receiver will get.",
    secretOutputs: [],
    schema({ types }) {
      const event = objectSchema(eventsWireSchema.element, RECENT_EVENT_TYPE, types);
      const described: Record<string, string> = {
        id: "The event id (`X-IC-Id` on delivery).",
        type: "The event type.",
        createdAt: "When the event happened (ISO-8601).",
        organizationId: "The organization it belongs to.",
        data: "The event's payload: `call`, `contact`, `qualificationAnswers`, `transcript`, `recording`.",
      };
      types[RECENT_EVENT_TYPE] = {
        type: "object",
        description: "One recent event, as Converc delivers it.",
        properties: Object.fromEntries(
          Object.entries(event.properties).map(([key, property]) => [
            key,
            // `data` is an object always (an absent payload is given as {}).
            key === "data"
              ? {
                  type: "object",
                  additionalProperties: { $ref: "pulumi.json#/Any" },
                  description: described[key],
                }
              : { ...property, description: described[key] },
          ]),
        ),
        required: [...event.required, "data"],
      };
      return {
        inputs: {
          eventType: text("The event type, from Converc's catalogue (e.g. `call.ended`)."),
          display: { type: "integer", description: "How many to return; Converc's default when omitted." },
        },
        requiredInputs: ["eventType"],
        outputs: {
          events: {
            type: "array",
            items: { $ref: `#/types/${RECENT_EVENT_TYPE}` },
            description: "The samples, as Converc returns them.",
          },
        },
        requiredOutputs: ["events"],
      };
    },
    async invoke(args) {
      const token = "webhooks:converc:getRecentEvents";
      const display = args.display;
      if (display !== undefined && (typeof display !== "number" || !Number.isInteger(display)))
        throw new Error(`${token}: \`display\` must be a whole number`);
      return {
        events: await converc.getRecentEvents(
          providerStackConfig(),
          requiredText(args, "eventType", token),
          display,
        ),
      };
    },
  },
  {
    token: "webhooks:converc:sendTestEvent",
    description:
      "Sends Converc's `webhook.test` event to an existing endpoint now and returns what the receiver did. It sends on every call (in a program: on every preview and up), so call it where a test is wanted.",
    secretOutputs: [],
    schema: () => ({
      inputs: { webhookId: text("The endpoint id.") },
      requiredInputs: ["webhookId"],
      outputs: {
        ok: { type: "boolean", description: "Whether the receiver answered 2xx." },
        status: { type: "integer", description: "The receiver's HTTP status; absent when it gave none." },
        error: text("Why the delivery failed (a timeout, a refused connection), in Converc's words."),
      },
      requiredOutputs: ["ok"],
    }),
    invoke: (args) =>
      converc.sendTestEvent(
        providerStackConfig(),
        requiredText(args, "webhookId", "webhooks:converc:sendTestEvent"),
      ),
  },
  listWebhooks("conversant", {
    description: "Every live hook of the account, each read in full.",
    id: "The 32-hex webhook id (the import id).",
    inputs: {
      accountId: text(
        "Account to read; default the provider's conversant accountId / CONVERSANT_ACCOUNT_ID.",
      ),
    },
    keys: [
      "accountId",
      "name",
      "url",
      "hook",
      "httpVerb",
      "retries",
      "format",
      "enabled",
      "customData",
      "includeSubaccounts",
      "includeInternalLegs",
      "disableReason",
    ],
    list: (args) => conversant.getWebhooks(providerStackConfig(), optionalText(args, "accountId")),
  }),
  {
    token: "webhooks:conversant:getWebhookAttempts",
    description: "The recent delivery attempts, account-wide or for one webhook, newest first.",
    secretOutputs: [],
    schema({ types }) {
      types[ATTEMPT_TYPE] = {
        type: "object",
        description: "One delivery attempt, as Kazoo reports it.",
        properties: {
          hookId: text("The webhook's id."),
          result: text("`success` or `failure`."),
          timestamp: { type: "integer", description: "Unix seconds." },
          reason: text("Why the attempt failed."),
          responseCode: text("The receiver's HTTP status."),
          responseBody: text("The receiver's answer."),
          clientError: text("The connection error, if any."),
          retriesLeft: {
            oneOf: [{ type: "integer" }, { type: "string" }],
            description: "Retries Kazoo still makes.",
          },
          try: { type: "integer", description: "Which try this was." },
          hookEvent: text("The event delivered."),
          eventId: text("The event's id."),
          uri: text("Where it was delivered."),
          method: text("The HTTP method used."),
        },
      };
      return {
        inputs: {
          accountId: text(
            "Account to read; default the provider's conversant accountId / CONVERSANT_ACCOUNT_ID.",
          ),
          webhookId: text("Only this webhook's attempts; default the whole account's."),
        },
        requiredInputs: [],
        outputs: {
          attempts: {
            type: "array",
            items: { $ref: `#/types/${ATTEMPT_TYPE}` },
            description: "The attempts, newest first.",
          },
        },
        requiredOutputs: ["attempts"],
      };
    },
    async invoke(args) {
      // The client directly: the SDK function's only addition is the program's stack config.
      const attempts = await conversantClient.listAttempts(
        conversantClient.conversantApi(),
        conversantClient.requireAccountId(optionalText(args, "accountId")),
        optionalText(args, "webhookId"),
      );
      return { attempts };
    },
  },
  listWebhooks("erzycall", {
    description: "Every endpoint of the organization, as Erzycall lists them (its list never shows secrets).",
    id: "The endpoint id, e.g. wh_001 (the import id).",
    keys: ["url", "events", "description", "active", "createdAt"],
    list: () => erzycall.getWebhooks(providerStackConfig()),
  }),
  {
    token: "webhooks:sendblue:getWebhookConfiguration",
    description:
      "The account's webhook document as it is now, in the shape of WebhookConfiguration's outputs; a bare contactCreated entry is given as its url.",
    secretOutputs: SENDBLUE_DOCUMENT_SECRETS,
    schema({ outputsOf }) {
      const token = "webhooks:sendblue:WebhookConfiguration";
      const outputs = outputsOf(token).properties;
      return {
        inputs: {},
        requiredInputs: [],
        outputs: Object.fromEntries(
          SENDBLUE_DOCUMENT_KEYS.map((key) => [key, listedProperty(token, key, outputs[key])]),
        ),
        requiredOutputs: SENDBLUE_DOCUMENT_KEYS.filter((key) => !key.endsWith("Secret")),
      };
    },
    invoke: () => sendblue.getWebhookConfiguration(providerStackConfig()),
  },
];

/** The function of a token, for Invoke. */
export function nativeFunction(token: string): NativeFunction | undefined {
  return NATIVE_FUNCTIONS.find((candidate) => candidate.token === token);
}
