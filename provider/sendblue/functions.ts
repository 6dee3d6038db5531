import type { StackConfig } from "../core/credentials";
import { withStackConfig } from "../core/functions";
import * as client from "./client";
import { fromWire } from "./schema";

/**
 * The account's webhook document as it is now (a read of its own, not what this run's resources last saw), in
 * the shape of `WebhookConfiguration`'s outputs; a bare contact_created entry is given as its url.
 */
export function getWebhookConfiguration(config: StackConfig | undefined) {
  return withStackConfig(config, async () => {
    const document = await client.readDocumentFresh(client.sendblueApi());
    const { globalSecret, legacySecret, ...lists } = fromWire(document, true);
    return {
      ...lists,
      contactCreated: lists.contactCreated.map((entry) => (typeof entry === "string" ? entry : entry.url)),
      ...(globalSecret === undefined ? {} : { globalSecret }),
      ...(legacySecret === undefined ? {} : { legacySecret }),
    };
  });
}
