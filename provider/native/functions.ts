/**
 * The functions (invokes) the native provider serves, as the dynamic package's SDK functions run them: same
 * client calls, credentials from the provider config.
 */
import * as conversantClient from "../conversant/client";
import type { PulumiType } from "./schema-types";

export interface NativeFunction {
  token: string;
  description: string;
  inputs: Record<string, PulumiType>;
  outputs: Record<string, PulumiType>;
  requiredOutputs: string[];
  /** Object types the function's outputs refer to, by token. */
  types: Record<string, { type: "object"; description: string; properties: Record<string, PulumiType> }>;
  invoke(args: Record<string, unknown>): Promise<Record<string, unknown>>;
}

const text = (description: string): PulumiType => ({ type: "string", description });
const ATTEMPT_TYPE = "webhooks:conversant:WebhookAttempt";

export const NATIVE_FUNCTIONS: readonly NativeFunction[] = [
  {
    token: "webhooks:conversant:getWebhookAttempts",
    description: "The recent delivery attempts, account-wide or for one webhook, newest first.",
    inputs: {
      accountId: text(
        "Account to read; default the provider's conversant accountId / CONVERSANT_ACCOUNT_ID.",
      ),
      webhookId: text("Only this webhook's attempts; default the whole account's."),
    },
    outputs: {
      attempts: {
        type: "array",
        items: { $ref: `#/types/${ATTEMPT_TYPE}` },
        description: "The attempts, newest first.",
      },
    },
    requiredOutputs: ["attempts"],
    types: {
      [ATTEMPT_TYPE]: {
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
      },
    },
    async invoke(args) {
      const optional = (key: string) =>
        typeof args[key] === "string" && args[key] !== "" ? (args[key] as string) : undefined;
      const api = conversantClient.conversantApi();
      const attempts = await conversantClient.listAttempts(
        api,
        conversantClient.requireAccountId(optional("accountId")),
        optional("webhookId"),
      );
      return { attempts };
    },
  },
];
