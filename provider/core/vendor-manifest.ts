/**
 * The shape of one vendor's manifest entry (provider/<vendor>/manifest.ts): what the package offers for the vendor
 * and where its settings come from. The entries themselves, keyed by vendor id, are in provider/manifest.ts; core
 * only knows the shape, and declares what an entry says when the vendor's client loads.
 */
import { type SettingSource, setting } from "./credentials";
import { registerSecretPatterns, type SecretPattern } from "./redact";

/** One resource type of the vendor; its type name (`Webhook`) is its key in `VendorManifest.resources`. */
export interface ResourceManifest {
  /**
   * The key the thin shim stores in every resource's state (`converc:Webhook`) to find the implementation at call
   * time. Never renamed: resources created by an older version still name it.
   */
  registryKey: string;
}

/** One setting the vendor reads; its name (`apiKey`) is its key in `VendorManifest.settings`. */
export interface SettingManifest {
  /** The environment variable read when the stack config key (`<vendor>:<name>`) is unset. */
  envVar: string;
  /** A credential: resolved at call time, registered for redaction, set with `pulumi config set --secret`. */
  secret: boolean;
}

export interface VendorManifest {
  /** The vendor id: the SDK namespace, the stack config namespace, the folder name. */
  id: string;
  /** How messages and docs name the vendor (`Converc`). */
  displayName: string;
  /** Every resource type, by type name. */
  resources: Readonly<Record<string, ResourceManifest>>;
  /** Every SDK function (each also has its `…Output` form). */
  functions: readonly string[];
  /** Every setting, by name. */
  settings: Readonly<Record<string, SettingManifest>>;
  /** Text that looks like this vendor's credentials even when it was never registered (see core/redact). */
  secretPatterns: readonly SecretPattern[];
}

/** The stack config key of a setting: `converc:apiKey`. */
export const configKeyOf = (manifest: Pick<VendorManifest, "id">, name: string): string =>
  `${manifest.id}:${name}`;

/**
 * Declares what a vendor's manifest entry says, for its client to call once at module load: every setting (so a
 * misspelt key under the vendor's namespace is reported) and its secret patterns. Returns where each setting
 * comes from, by name.
 */
export function declareVendor<M extends VendorManifest>(
  manifest: M,
): { readonly [Name in keyof M["settings"]]: SettingSource } {
  registerSecretPatterns(manifest.secretPatterns);
  const sources = Object.entries(manifest.settings).map(([name, { envVar }]) => [
    name,
    setting(manifest.displayName, configKeyOf(manifest, name), envVar),
  ]);
  return Object.fromEntries(sources) as { readonly [Name in keyof M["settings"]]: SettingSource };
}
