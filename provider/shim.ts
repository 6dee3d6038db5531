import type * as pulumi from "@pulumi/pulumi";
import type { CompleteProvider } from "./core/complete-provider";
import type { RegistryKey } from "./manifest";

/**
 * The provider object a resource passes to `pulumi.dynamic.Resource`, and so the `__provider`
 * text stored in state for every resource. Pulumi serializes its methods by value, so each one
 * is a one-line trampoline that loads the real implementation from the installed package at call
 * time (`impl` of `pulumi-webhooks/provider`, ./registry): the text stays small, carries no credentials or
 * config, and a package upgrade takes effect for every resource, including deletes that run
 * with an old `__provider`.
 *
 * Terse on purpose: every character here is stored twice per resource in state (measured: about
 * 2 KB; rest parameters keep the serializer's wrappers free of parameter lists).
 */
export function thinProvider(resourceKey: RegistryKey): pulumi.dynamic.ResourceProvider {
  const k = resourceKey;
  const p = (): CompleteProvider => require("pulumi-webhooks/provider").impl(k);
  return {
    configure: (...a) => p().configure(...a),
    check: (...a) => p().check(...a),
    diff: (...a) => p().diff(...a),
    create: (...a) => p().create(...a),
    read: (...a) => p().read(...a),
    update: (...a) => p().update(...a),
    delete: (...a) => p().delete(...a),
  };
}
