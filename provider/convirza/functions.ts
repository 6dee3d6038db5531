import type { StackConfig } from "../core/credentials";
import { withStackConfig } from "../core/functions";
import * as client from "./client";
import { fromWire } from "./schema";

/**
 * Every live webhook the token can see, from the list at `convirza:webhooksListPath` (the list's path is not
 * documented; a refusal says which setting to change).
 */
export function getWebhooks(config: StackConfig | undefined) {
  return withStackConfig(config, async () =>
    (await client.listWebhooks(client.convirzaApi())).map((webhook) => {
      const { description, createdAt, createdBy, ...fields } = fromWire(webhook);
      return {
        id: webhook.webhook_id,
        ...fields,
        ...(description === undefined ? {} : { description }),
        ...(createdAt === undefined ? {} : { createdAt }),
        ...(createdBy === undefined ? {} : { createdBy }),
      };
    }),
  );
}
