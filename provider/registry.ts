import type { CompleteProvider } from "./core/shim";

/**
 * Every resource the package implements, by the key its thin shim captures. Implementations load
 * lazily, so a host serving one vendor never loads the others. A vendor is added here and in
 * ./index.ts; nothing in core changes.
 */
const implementations = {
  "converc:Webhook": () => require("./converc/provider").webhookProvider,
  "conversant:Hook": () => require("./conversant/provider").webhookProvider,
  "convirza:Webhook": () => require("./convirza/provider").webhookProvider,
  "erzycall:Webhook": () => require("./erzycall/provider").webhookProvider,
  "sendblue:Webhook": () => require("./sendblue/provider").webhookProvider,
  "sendblue:Config": () => require("./sendblue/provider").webhookConfigurationProvider,
} satisfies Record<string, () => CompleteProvider>;

export type ResourceKey = keyof typeof implementations;

/** What a thin shim calls; named tersely because the call is stored in every resource's state. */
export function impl(key: string): CompleteProvider {
  const load = (implementations as Record<string, () => CompleteProvider>)[key];
  if (!load)
    throw new Error(
      `pulumi-webhooks has no resource ${JSON.stringify(key)}; is the installed package older than the one that created this resource?`,
    );
  return load();
}
