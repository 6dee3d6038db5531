import type { CompleteProvider } from "./core/complete-provider";
import { registerSecretPatterns } from "./core/redact";
import { type RegistryKey, SECRET_PATTERNS } from "./manifest";

/**
 * Every resource the package implements, by the key its thin shim captures (the manifest's `registryKey`: one
 * entry per resource of provider/manifest.ts, or this does not compile). Implementations load lazily, so a host
 * serving one vendor never loads the others.
 */
const implementations = {
  "converc:Webhook": () => require("./converc/provider").webhookProvider,
  "conversant:Hook": () => require("./conversant/provider").webhookProvider,
  "convirza:Webhook": () => require("./convirza/provider").webhookProvider,
  "erzycall:Webhook": () => require("./erzycall/provider").webhookProvider,
  "sendblue:Webhook": () => require("./sendblue/provider").webhookProvider,
  "sendblue:Config": () => require("./sendblue/provider").webhookConfigurationProvider,
} satisfies Record<RegistryKey, () => CompleteProvider>;

/** A key a thin shim may capture. */
export type ResourceKey = RegistryKey;

// Every vendor's credential shapes, whichever vendor this host serves: a vendor may echo another's credential.
registerSecretPatterns(SECRET_PATTERNS);

// The shim calls impl() on every operation; require() would resolve the module's path again each time.
const loaded = new Map<string, CompleteProvider>();

/** What a thin shim calls; named tersely because the call is stored in every resource's state. */
export function impl(key: string): CompleteProvider {
  const known = loaded.get(key);
  if (known) return known;
  const load = (implementations as Record<string, () => CompleteProvider>)[key];
  if (!load)
    throw new Error(
      `pulumi-webhooks has no resource ${JSON.stringify(key)}; is the installed package older than the one that created this resource?`,
    );
  const provider = load();
  loaded.set(key, provider);
  return provider;
}
