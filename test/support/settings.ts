/**
 * A vendor's settings as tests give them: values by setting name (`{ apiKey: "k" }`), turned into the environment
 * variables or stack config keys the manifest says the provider reads, so no test spells them again.
 */
import { MANIFEST, type SettingOf, type VendorId } from "../../provider/manifest";
import { configKeyOf } from "../../provider/core/vendor-manifest";

/** Values of some of a vendor's settings, by setting name. */
export type SettingValues<Id extends VendorId> = Partial<Record<SettingOf<Id>, string>>;

function settingsOf(vendor: VendorId): Readonly<Record<string, { envVar: string; secret: boolean }>> {
  return MANIFEST[vendor].settings;
}

function entriesOf(vendor: VendorId, values: Readonly<Record<string, string | undefined>>) {
  return Object.entries(values).flatMap(([name, value]) => {
    const declared = settingsOf(vendor)[name];
    if (!declared) throw new Error(`${vendor} has no setting ${name}`);
    return value === undefined ? [] : [{ name, value, ...declared }];
  });
}

/** `{ apiKey: "k" }` of erzycall as `{ ERZYCALL_API_KEY: "k" }`. */
export function settingsEnv<Id extends VendorId>(
  vendor: Id,
  values: SettingValues<Id>,
): Record<string, string> {
  return Object.fromEntries(entriesOf(vendor, values).map(({ envVar, value }) => [envVar, value]));
}

/** One setting as the sandbox and the docs show it: config key, variable, value, and whether it is a secret. */
export interface SettingLine {
  /** Stack config key, e.g. `erzycall:apiKey`. */
  key: string;
  /** The environment variable the provider reads when the config key is unset. */
  envVar: string;
  value: string;
  secret: boolean;
}

/** The settings given, in the order given, with their config keys and variables. */
export function settingLines<Id extends VendorId>(vendor: Id, values: SettingValues<Id>): SettingLine[] {
  return entriesOf(vendor, values).map(({ name, envVar, value, secret }) => ({
    key: configKeyOf(MANIFEST[vendor], name),
    envVar,
    value,
    secret,
  }));
}

/** The environment variable of a stack config key (`erzycall:apiKey` → `ERZYCALL_API_KEY`), if the manifest has it. */
export function envVarOfConfigKey(configKey: string): string | undefined {
  const [vendor, name = ""] = configKey.split(":");
  return vendor !== undefined && Object.hasOwn(MANIFEST, vendor)
    ? settingsOf(vendor as VendorId)[name]?.envVar
    : undefined;
}
