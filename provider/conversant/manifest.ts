import type { VendorManifest } from "../core/vendor-manifest";

/** What the package offers for Conversant; its entry in provider/manifest.ts. */
export const conversantManifest = {
  id: "conversant",
  displayName: "Conversant",
  // The registry key predates the type name; state written since names it, so it stays.
  resources: { Webhook: { registryKey: "conversant:Hook" } },
  functions: ["getWebhookAttempts", "getWebhooks"],
  settings: {
    authToken: { envVar: "CONVERSANT_AUTH_TOKEN", secret: true },
    apiKey: { envVar: "CONVERSANT_API_KEY", secret: true },
    baseUrl: { envVar: "CONVERSANT_BASE_URL", secret: false },
    accountId: { envVar: "CONVERSANT_ACCOUNT_ID", secret: false },
  },
  // Kazoo auth tokens and API keys have no recognizable shape: only the registered values are scrubbed.
  secretPatterns: [],
} as const satisfies VendorManifest;
