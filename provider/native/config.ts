/**
 * The native provider's configuration: one object per vendor (`webhooks:erzycall` → `{ apiKey, baseUrl }`), with
 * the keys the vendors read from stack config today (`erzycall:apiKey`) and the same environment variables behind.
 */
import { markedSecret } from "../core/sanitize";
import type { SettingOf, VendorId } from "../manifest";

/** One setting of a vendor's config object. */
export interface ConfigKey {
  /** The environment variable read when the key is not set. */
  envVar: string;
  secret: boolean;
  description: string;
}

const baseUrl = (vendor: string, envVar: string, origin: string): ConfigKey => ({
  envVar,
  secret: false,
  description: `${vendor} API origin, default ${origin}; https, or http only on 127.0.0.1 / localhost.`,
});

export const VENDOR_CONFIG = {
  converc: {
    apiKey: { envVar: "CONVERC_API_KEY", secret: true, description: "Converc API key (Bearer)." },
    baseUrl: baseUrl("Converc", "CONVERC_BASE_URL", "https://api.converc.com"),
  },
  conversant: {
    authToken: {
      envVar: "CONVERSANT_AUTH_TOKEN",
      secret: true,
      description: "Kazoo auth token (X-Auth-Token).",
    },
    apiKey: {
      envVar: "CONVERSANT_API_KEY",
      secret: true,
      description: "Kazoo API key the provider logs in with when no authToken is set.",
    },
    accountId: {
      envVar: "CONVERSANT_ACCOUNT_ID",
      secret: false,
      description: "Default Kazoo account of webhooks that declare none (32 hex).",
    },
    baseUrl: baseUrl("Conversant", "CONVERSANT_BASE_URL", "https://c-api.conversant.co.nz"),
  },
  convirza: {
    token: { envVar: "CONVIRZA_TOKEN", secret: true, description: "Convirza Platform API token (Bearer)." },
    baseUrl: baseUrl("Convirza", "CONVIRZA_BASE_URL", "https://platform-api.convirza.com"),
    webhooksListPath: {
      envVar: "CONVIRZA_WEBHOOKS_LIST_PATH",
      secret: false,
      description: "Path of Convirza's webhook list, default /webhooks.",
    },
  },
  erzycall: {
    apiKey: { envVar: "ERZYCALL_API_KEY", secret: true, description: "Erzycall API key (X-API-Key)." },
    baseUrl: baseUrl("Erzycall", "ERZYCALL_BASE_URL", "https://app.erzycall.com"),
  },
  sendblue: {
    apiKeyId: {
      envVar: "SENDBLUE_API_KEY_ID",
      secret: true,
      description: "Sendblue API key id (sb-api-key-id).",
    },
    apiSecretKey: {
      envVar: "SENDBLUE_API_SECRET_KEY",
      secret: true,
      description: "Sendblue API secret key (sb-api-secret-key).",
    },
    baseUrl: baseUrl("Sendblue", "SENDBLUE_BASE_URL", "https://api.sendblue.co"),
  },
} satisfies { [Id in VendorId]: Record<SettingOf<Id>, ConfigKey> };

export type Vendor = keyof typeof VENDOR_CONFIG;
export const VENDORS = Object.keys(VENDOR_CONFIG) as Vendor[];

/** Keys the engine itself adds to a provider's inputs. */
const ENGINE_KEYS = new Set(["version", "pluginDownloadURL"]);

export interface ConfigFailure {
  property: string;
  reason: string;
}

/**
 * The provider config as the vendors read it, and what is wrong with it. Values arrive unwrapped; a vendor object
 * may arrive as JSON text (`pulumi config set webhooks:erzycall '{"apiKey":"…"}'` without `--path`).
 */
export function parseProviderConfig(values: Record<string, unknown>): {
  objects: Record<string, Record<string, string>>;
  failures: ConfigFailure[];
} {
  const objects: Record<string, Record<string, string>> = {};
  const failures: ConfigFailure[] = [];
  for (const [vendor, raw] of Object.entries(values)) {
    if (ENGINE_KEYS.has(vendor)) continue;
    const keys = (VENDOR_CONFIG as Record<string, Record<string, ConfigKey>>)[vendor];
    if (!keys) {
      failures.push({
        property: vendor,
        reason: `unknown configuration key webhooks:${vendor}${suggestion(vendor, VENDORS)}; the keys are ${VENDORS.map((v) => `webhooks:${v}`).join(", ")}`,
      });
      continue;
    }
    const object = typeof raw === "string" ? parseJson(raw) : raw;
    if (object === null || typeof object !== "object" || Array.isArray(object)) {
      failures.push({
        property: vendor,
        reason: `webhooks:${vendor} must be an object with ${Object.keys(keys).join(", ")}`,
      });
      continue;
    }
    objects[vendor] = {};
    for (const [name, value] of Object.entries(object)) {
      if (!(name in keys)) {
        failures.push({
          property: `${vendor}.${name}`,
          reason: `unknown configuration key webhooks:${vendor}.${name}${suggestion(name, Object.keys(keys))}; webhooks:${vendor} takes ${Object.keys(keys).join(", ")}`,
        });
      } else if (typeof value !== "string") {
        failures.push({
          property: `${vendor}.${name}`,
          reason: `webhooks:${vendor}.${name} must be a string`,
        });
      } else {
        objects[vendor][name] = value;
      }
    }
  }
  return { objects, failures };
}

/**
 * The provider's inputs as the engine should store them: credentials marked secret even when a program passed
 * them plain (an explicit provider's `apiKey: ...` in YAML), so state never holds them in clear text.
 */
export function withSecretsMarked(
  objects: Record<string, Record<string, string>>,
  values: Record<string, unknown>,
): Record<string, unknown> {
  const marked: Record<string, unknown> = { ...values };
  for (const [vendor, object] of Object.entries(objects)) {
    const keys = (VENDOR_CONFIG as Record<string, Record<string, ConfigKey>>)[vendor]!;
    marked[vendor] = Object.fromEntries(
      Object.entries(object).map(([name, value]) => [name, keys[name]!.secret ? markedSecret(value) : value]),
    );
  }
  return marked;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** `; did you mean apiKey?` for a key that differs from a known one by case or a couple of letters. */
function suggestion(key: string, known: readonly string[]): string {
  const near = known.find(
    (candidate) =>
      candidate.toLowerCase() === key.toLowerCase() ||
      editDistance(candidate.toLowerCase(), key.toLowerCase()) <= 2,
  );
  return near ? ` (did you mean ${near}?)` : "";
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length]!;
}
