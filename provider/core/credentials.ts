import { assertKnownConfigKeys, declareConfigKey } from "./config-keys";
import { configError } from "./errors";
import { registerSecret } from "./redact";

/** The stack config the host hands to `configure`: namespaced keys (`erzycall:apiKey`), secrets decrypted. */
export interface StackConfig {
  get(key: string): string | undefined;
  /** Every key set in the stack, all namespaces; when absent, unknown keys cannot be reported. */
  keys?(): string[];

  /** How users write `key` where this config comes from (the native provider's `webhooks:erzycall.apiKey`); default `key`. */
  nameOf?(key: string): string;
}

let stackConfig: StackConfig | undefined;
let stackConfigKeys: string[] = [];

/**
 * The keys of the config the dynamic-provider host hands over. Its `Config` has no public way to list them;
 * it keeps the engine's map as `rawConfig` (@pulumi/pulumi cmd/dynamic-provider/config.ts), read here with a
 * fallback to nothing, so a host without it only loses the unknown-key check.
 */
function keysOf(config: StackConfig | undefined): string[] {
  if (!config) return [];
  if (config.keys) return config.keys();
  const raw = (config as { rawConfig?: unknown }).rawConfig;
  return raw !== null && typeof raw === "object" ? Object.keys(raw) : [];
}

/** Called from every provider's `configure`; the whole stack config is shared by all vendors. */
export function useStackConfig(config: StackConfig | undefined): void {
  stackConfig = config;
  stackConfigKeys = keysOf(config);
}

/** Where one setting may come from: stack config first, then the environment. */
export interface SettingSource {
  configKey: string;
  envVar: string;
  /** The vendor's name, for the error about an unknown key under its namespace. */
  vendor?: string;
}

/**
 * Declares a setting. Call it at module load (a top-level constant), for every key a vendor reads: a key under
 * the vendor's namespace that no `setting` declared is reported as a mistake when the vendor's config is first
 * read.
 */
export function setting(vendor: string, configKey: string, envVar: string): SettingSource {
  declareConfigKey(configKey);
  return { vendor, configKey, envVar };
}

export function readSetting(source: SettingSource): string | undefined {
  declareConfigKey(source.configKey);
  const namespace = source.configKey.slice(0, source.configKey.indexOf(":"));
  assertKnownConfigKeys(
    source.vendor ?? namespace,
    namespace,
    stackConfigKeys,
    process.env.PULUMI_NODEJS_PROJECT,
  );
  const fromConfig = stackConfig?.get(source.configKey);
  if (fromConfig !== undefined && fromConfig !== "") return fromConfig;
  const fromEnv = process.env[source.envVar];
  return fromEnv !== undefined && fromEnv !== "" ? fromEnv : undefined;
}

/** A setting as users write it where it comes from, with its environment variable: for messages. */
export function describeSetting(source: SettingSource): string {
  return `${settingName(source.configKey)} / ${source.envVar}`;
}

/** The setting as users write it, for messages. */
function settingName(configKey: string): string {
  return stackConfig?.nameOf?.(configKey) ?? configKey;
}

/** A credential that may be unset (one of two a vendor accepts), registered for redaction when set (core/redact). */
export function readCredential(source: SettingSource): string | undefined {
  const value = readSetting(source);
  registerSecret(value);
  return value;
}

/** A credential, resolved at call time and registered for redaction. Missing is an error naming both places. */
export function requireCredential(vendor: string, source: SettingSource): string {
  const value = readCredential(source);
  if (value === undefined) {
    throw configError(
      vendor,
      `missing credential: set it with \`pulumi config set --secret ${setArguments(settingName(source.configKey))} <value>\` or the environment variable ${source.envVar}`,
    );
  }
  return value;
}

/** A key inside a config object (`webhooks:erzycall.apiKey`) is set with `--path`. */
function setArguments(name: string): string {
  return name.slice(name.indexOf(":") + 1).includes(".") ? `--path ${name}` : name;
}

const baseUrlSettings = new Map<string, SettingSource>();

/** Where a vendor's base URL is set, once it was resolved: the setting a refused connection names. */
export function baseUrlSettingOf(vendor: string): SettingSource | undefined {
  return baseUrlSettings.get(vendor);
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

/**
 * The vendor's API origin: https, or plain http only on loopback (how tests and the sandbox point
 * the provider at emulators). Anything else names the config key and variable it came from.
 */
export function resolveBaseUrl(vendor: string, source: SettingSource, defaultUrl: string): string {
  baseUrlSettings.set(vendor, source);
  const raw = readSetting(source) ?? defaultUrl;
  const where = `(from ${settingName(source.configKey)} / ${source.envVar})`;
  // The value itself is not repeated unless it parsed as a URL: a key pasted into the wrong setting stays unsaid.
  const example = `give the scheme and host, e.g. ${defaultUrl}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw configError(vendor, `base URL ${where} is not a valid URL; ${example}`);
  }
  if (url.username || url.password)
    throw configError(vendor, `base URL ${where} must not contain credentials`);
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    // `localhost:18401` parses as the scheme `localhost:` with no origin: it lacks its scheme.
    const shown = url.origin === "null" ? "" : ` ${url.origin}`;
    throw configError(vendor, `base URL${shown} ${where} must start with https://; ${example}`);
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol !== "https:" && !loopback) {
    throw configError(
      vendor,
      `base URL ${url.origin} ${where} must use https:// (plain http:// is allowed only for 127.0.0.1 or localhost)`,
    );
  }
  return url.href.replace(/\/+$/, "");
}
