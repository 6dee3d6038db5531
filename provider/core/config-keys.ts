/**
 * Every config key the provider reads is declared once, at module load (`setting` in ./credentials), so a key
 * under a vendor's namespace that nobody declared is a mistake we can name: `erzycall:baseURL` would otherwise
 * fall back to the production URL, and `erzycall:apikey` would read as a missing key.
 */
import { configError } from "./errors";

const declaredKeys = new Set<string>();

/** Records a key the provider reads (`erzycall:apiKey`). */
export function declareConfigKey(configKey: string): void {
  declaredKeys.add(configKey);
}

function namespaceOf(configKey: string): string {
  return configKey.slice(0, configKey.indexOf(":"));
}

/** Edit distance, case-insensitive: `baseURL` is one step from nothing, but the closest of the vendor's keys. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[y.length]!;
}

/**
 * Fails when the stack config holds a key under `namespace` that the provider does not declare, naming it and
 * the closest declared key. `configKeys` are every key of the stack config (all namespaces). A project whose own
 * name is the namespace keeps its config there (`pulumi config set foo` in project `erzycall`), so it is left
 * alone.
 */
export function assertKnownConfigKeys(
  vendor: string,
  namespace: string,
  configKeys: readonly string[],
  projectName: string | undefined,
): void {
  if (namespace === projectName) return;
  // Read on every request: nothing is built unless a key is unknown.
  if (!configKeys.some((key) => namespaceOf(key) === namespace && !declaredKeys.has(key))) return;
  const valid = [...declaredKeys].filter((key) => namespaceOf(key) === namespace).sort();
  if (valid.length === 0) return;
  const unknown = configKeys.filter((key) => namespaceOf(key) === namespace && !declaredKeys.has(key)).sort();
  const first = unknown[0]!;
  const closest = valid.reduce((best, key) => (distance(first, key) < distance(first, best) ? key : best));
  const others = unknown.length > 1 ? ` (also unknown: ${unknown.slice(1).join(", ")})` : "";
  throw configError(
    vendor,
    `unknown config key ${first}; did you mean ${closest}?${others} The provider reads ${valid.join(", ")}; remove the key with \`pulumi config rm ${first}\``,
  );
}
