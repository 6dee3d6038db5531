import { BEARER_TOKEN } from "../core/redact";
import type { VendorManifest } from "../core/vendor-manifest";

/** What the package offers for Convirza; its entry in provider/manifest.ts. */
export const convirzaManifest = {
  id: "convirza",
  displayName: "Convirza",
  resources: { Webhook: { registryKey: "convirza:Webhook" } },
  functions: ["getWebhooks"],
  settings: {
    token: { envVar: "CONVIRZA_TOKEN", secret: true },
    baseUrl: { envVar: "CONVIRZA_BASE_URL", secret: false },
    webhooksListPath: { envVar: "CONVIRZA_WEBHOOKS_LIST_PATH", secret: false },
  },
  secretPatterns: [BEARER_TOKEN],
} as const satisfies VendorManifest;
