import type { VendorManifest } from "../core/vendor-manifest";

/** What the package offers for Erzycall; its entry in provider/manifest.ts. */
export const erzycallManifest = {
  id: "erzycall",
  displayName: "Erzycall",
  resources: { Webhook: { registryKey: "erzycall:Webhook" } },
  functions: ["getWebhooks"],
  settings: {
    apiKey: { envVar: "ERZYCALL_API_KEY", secret: true },
    baseUrl: { envVar: "ERZYCALL_BASE_URL", secret: false },
  },
  secretPatterns: [
    /\b(ek_(?:live|test)_)[A-Za-z0-9_-]+/g, // API keys
    /\b(whsec_)[A-Za-z0-9+/=_-]+/g, // signing secrets
  ],
} as const satisfies VendorManifest;
