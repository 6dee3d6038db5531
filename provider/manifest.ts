/**
 * Every vendor the package supports, by id: what each offers (resources, functions), the settings it reads and
 * what its credentials look like. The registry, the SDK's and provider's entry points and every per-vendor table
 * of the tests are keyed by `VendorId` or derived from here, so a vendor missing from one of them does not
 * compile; test/conformance.test.ts checks what the compiler cannot see (emulators, examples, docs).
 */
import { convercManifest } from "./converc/manifest";
import { conversantManifest } from "./conversant/manifest";
import { convirzaManifest } from "./convirza/manifest";
import type { VendorManifest } from "./core/vendor-manifest";
import { erzycallManifest } from "./erzycall/manifest";
import { sendblueManifest } from "./sendblue/manifest";

export type VendorId = "convirza" | "converc" | "conversant" | "sendblue" | "erzycall";

export const MANIFEST = {
  convirza: convirzaManifest,
  converc: convercManifest,
  conversant: conversantManifest,
  sendblue: sendblueManifest,
  erzycall: erzycallManifest,
} as const satisfies { readonly [Id in VendorId]: VendorManifest & { readonly id: Id } };

type Manifest = typeof MANIFEST;

/** Every vendor id, in the manifest's order. */
export const VENDOR_IDS = Object.keys(MANIFEST) as VendorId[];

/** The type names of one vendor's resources: `Webhook`, `WebhookConfiguration`. */
export type ResourceTypeOf<Id extends VendorId> = keyof Manifest[Id]["resources"] & string;

/** A resource as the SDK names it: `sendblue.WebhookConfiguration`. */
export type ResourceName = { [Id in VendorId]: `${Id}.${ResourceTypeOf<Id>}` }[VendorId];

/** The key the thin shim stores in state for each resource: `conversant:Hook`. */
export type RegistryKey = {
  [Id in VendorId]: { [Type in ResourceTypeOf<Id>]: Manifest[Id]["resources"][Type] }[ResourceTypeOf<Id>];
}[VendorId]["registryKey"];

/** The SDK functions of one vendor. */
export type FunctionOf<Id extends VendorId> = Manifest[Id]["functions"][number];

/** The settings of one vendor, by name: `apiKey`, `baseUrl`. */
export type SettingOf<Id extends VendorId> = keyof Manifest[Id]["settings"] & string;

/** One resource of the manifest, with every name it goes by. */
export interface ResourceEntry<Id extends VendorId = VendorId> {
  vendor: Id;
  /** The type name: the SDK class in the vendor's namespace, and the Pulumi type's last part. */
  type: ResourceTypeOf<Id>;
  /** `vendor.Type`. */
  name: ResourceName;
  /** `vendor:Type`: how the resource's identity (and so its Idempotency-Key) names its type. */
  token: `${Id}:${ResourceTypeOf<Id>}`;
  registryKey: RegistryKey;
}

/** One resource of the manifest, by vendor and type name. */
export function resourceEntry<Id extends VendorId>(vendor: Id, type: ResourceTypeOf<Id>): ResourceEntry<Id> {
  const resources: Readonly<Record<string, { registryKey: RegistryKey }>> = MANIFEST[vendor].resources;
  const found = resources[type];
  if (!found) throw new Error(`the manifest has no resource ${vendor}.${type}`);
  return {
    vendor,
    type,
    name: `${vendor}.${type}` as ResourceName,
    token: `${vendor}:${type}`,
    registryKey: found.registryKey,
  };
}

/** Every resource of the manifest, vendor by vendor. */
export const RESOURCES: readonly ResourceEntry[] = VENDOR_IDS.flatMap((vendor) =>
  Object.keys(MANIFEST[vendor].resources).map((type) =>
    resourceEntry(vendor, type as ResourceTypeOf<typeof vendor>),
  ),
);

/** Every vendor's credential shapes: what the registry registers for redaction wherever any vendor runs. */
export const SECRET_PATTERNS = VENDOR_IDS.flatMap((vendor) => MANIFEST[vendor].secretPatterns);
