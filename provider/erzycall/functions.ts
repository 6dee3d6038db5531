import { withStackConfig } from "../core/functions";
import type { StackConfig } from "../core/credentials";
import * as client from "./client";
import { fromWire } from "./schema";

/** Every endpoint of the organization, as Erzycall lists them (its list never shows secrets). */
export function getWebhooks(config: StackConfig | undefined) {
  return withStackConfig(config, async () => {
    const endpoints = await client.listEndpoints(client.erzycallApi());
    return endpoints.map((endpoint) => {
      const { description, ...fields } = fromWire(endpoint);
      return { id: endpoint.id, ...fields, ...(description === undefined ? {} : { description }) };
    });
  });
}
