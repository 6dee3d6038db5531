import type { StackConfig } from "../core/credentials";
import { operationError } from "../core/errors";
import { withStackConfig } from "../core/functions";
import * as client from "./client";
import { fromWire, webhookInputsSchema, type WebhookAttempt, type WebhookWire } from "./schema";

export type { WebhookAttempt };

/** Every live hook of the account. Kazoo's list carries summaries only, so each hook is read in full. */
export function getWebhooks(config: StackConfig | undefined, accountId: string | undefined) {
  return withStackConfig(config, async () => {
    const api = client.conversantApi();
    const account = client.requireAccountId(accountId);
    const docs: WebhookWire[] = [];
    for (const summary of await client.listWebhooks(api, account)) {
      const doc = await client.getWebhook(api, account, summary.id);
      if (doc) docs.push(doc); // else deleted between the list and the read
    }
    return docs.map((doc) => {
      const { disableReason, ...fields } = fromWire(doc);
      return {
        id: doc.id,
        accountId: account,
        ...fields,
        ...(disableReason === undefined ? {} : { disableReason }),
      };
    });
  });
}

/** The recent delivery attempts, account-wide or for one webhook, newest first. */
export function getWebhookAttempts(
  config: StackConfig | undefined,
  accountId: string | undefined,
  webhookId: string | undefined,
): Promise<WebhookAttempt[]> {
  return withStackConfig(config, () => {
    // A mistaken id is named before any request, not answered by Kazoo's "bad identifier".
    const id = webhookInputsSchema.shape.adopt.safeParse(webhookId);
    if (!id.success)
      throw operationError(
        "Conversant",
        "list webhook attempts",
        "WH_INVALID",
        `webhookId: must be a Kazoo webhook id: 32 lower-case hex characters (got ${JSON.stringify(webhookId)})`,
      );
    return client.listAttempts(client.conversantApi(), client.requireAccountId(accountId), webhookId);
  });
}
