import { BEARER_TOKEN } from "../core/redact";
import type { VendorManifest } from "../core/vendor-manifest";

/** What the package offers for Converc; its entry in provider/manifest.ts. */
export const convercManifest = {
  id: "converc",
  displayName: "Converc",
  resources: { Webhook: { registryKey: "converc:Webhook" } },
  functions: ["getWebhooks", "sendTestEvent", "getRecentEvents"],
  settings: {
    apiKey: { envVar: "CONVERC_API_KEY", secret: true },
    baseUrl: { envVar: "CONVERC_BASE_URL", secret: false },
  },
  secretPatterns: [BEARER_TOKEN],
} as const satisfies VendorManifest;
