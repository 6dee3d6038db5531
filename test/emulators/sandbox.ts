/**
 * Every vendor emulator, started together on fixed loopback ports for trying the examples with no vendor
 * account (`npm run sandbox`), and the stack config that points the provider at them: one entry per vendor of the
 * manifest in SANDBOX_BY_VENDOR, its config keys and variables from the manifest.
 */
import type { VendorId } from "../../provider/manifest";
import { type SettingLine, type SettingValues, settingLines } from "../support/settings";
import type { EmulatorServer, LoggedRequest } from "./core";
import { CONVIRZA_TEST_TOKEN, startConvirzaEmulator } from "./convirza";
import { CONVERC_TEST_KEY, startConvercEmulator } from "./converc";
import { CONVERSANT_TEST_ACCOUNT, CONVERSANT_TEST_TOKEN, startConversantEmulator } from "./conversant";
import { ERZYCALL_TEST_KEY, startErzycallEmulator } from "./erzycall";
import { SENDBLUE_TEST_KEY_ID, SENDBLUE_TEST_SECRET_KEY, startSendblueEmulator } from "./sendblue";

export type SandboxSetting = SettingLine;

interface SandboxVendor<Id extends VendorId = VendorId> {
  port: number;
  /** `documentedLimits`: enforce the vendor's documented rate limit, where it has one. */
  start(
    port: number,
    documentedLimits: boolean,
  ): Promise<Pick<EmulatorServer, "url" | "close" | "onExchangeEnd" | "faults">>;
  /** The settings that point the provider at the emulator at `url`, by name, in the order printed. */
  settings(url: string): SettingValues<Id>;
}

/** Every vendor of the manifest, by id, in the order started and printed. */
const SANDBOX_BY_VENDOR: { [Id in VendorId]: SandboxVendor<Id> } = {
  convirza: {
    port: 18402,
    start: (port) => startConvirzaEmulator({ port }),
    settings: (url) => ({ baseUrl: url, token: CONVIRZA_TEST_TOKEN }),
  },
  converc: {
    port: 18403,
    // Receivers are simulated (every test event is accepted), so verifyDelivery works without a real receiver.
    start: (port) => startConvercEmulator({ port }),
    settings: (url) => ({ baseUrl: url, apiKey: CONVERC_TEST_KEY }),
  },
  erzycall: {
    port: 18401,
    start: (port, documentedLimits) =>
      startErzycallEmulator({
        port,
        ...(documentedLimits ? { rateLimit: { perMinute: 60, perHour: 1_000 } } : {}),
      }),
    settings: (url) => ({ baseUrl: url, apiKey: ERZYCALL_TEST_KEY }),
  },
  sendblue: {
    port: 18404,
    start: (port) => startSendblueEmulator({ port }),
    settings: (url) => ({
      baseUrl: url,
      apiKeyId: SENDBLUE_TEST_KEY_ID,
      apiSecretKey: SENDBLUE_TEST_SECRET_KEY,
    }),
  },
  conversant: {
    port: 18405,
    // The pre-issued token outlives any sandbox session (24 h from start).
    start: (port, documentedLimits) =>
      startConversantEmulator({
        port,
        ...(documentedLimits ? { rateLimit: { capacity: 100, refillPerSecond: 10 } } : {}),
      }),
    settings: (url) => ({
      baseUrl: url,
      authToken: CONVERSANT_TEST_TOKEN,
      accountId: CONVERSANT_TEST_ACCOUNT,
    }),
  },
};

export const SANDBOX_VENDORS = (Object.keys(SANDBOX_BY_VENDOR) as VendorId[]).map((vendor) => {
  const entry: SandboxVendor = SANDBOX_BY_VENDOR[vendor];
  return {
    vendor,
    port: entry.port,
    start: entry.start,
    settings: (url: string): SandboxSetting[] => settingLines(vendor, entry.settings(url)),
  };
});

export interface Sandbox {
  vendors: Array<{ vendor: string; url: string; settings: SandboxSetting[] }>;
  close(): Promise<void>;
}

/**
 * One line per request: vendor, method, path, status (or what happened instead). Never the query, headers or
 * body, where credentials and signing secrets travel.
 */
export function exchangeLine(vendor: string, request: Readonly<LoggedRequest>): string {
  const outcome = request.status ?? (request.fault ? `no answer (${request.fault})` : "no answer");
  return `${vendor.padEnd(10)} ${request.method} ${request.path} ${outcome}`;
}

/**
 * `ports: "fixed"` uses each vendor's documented port; "free" lets the system choose (tests). `log`, when
 * given, receives one `exchangeLine` per request. For runs at scale, SANDBOX_RATE_LIMITS=documented makes
 * Conversant and Erzycall enforce their documented rate limits, and SANDBOX_LATENCY_MS adds that much to every
 * request.
 */
export async function startSandbox(
  ports: "fixed" | "free" = "fixed",
  log?: (line: string) => void,
): Promise<Sandbox> {
  const documentedLimits = process.env.SANDBOX_RATE_LIMITS === "documented";
  const latencyMs = Number(process.env.SANDBOX_LATENCY_MS ?? 0);
  const started = await Promise.all(
    SANDBOX_VENDORS.map(async (entry) => {
      const server = await entry.start(ports === "fixed" ? entry.port : 0, documentedLimits);
      if (latencyMs > 0) server.faults.add({ kind: "latency", ms: latencyMs, times: Infinity });
      if (log) server.onExchangeEnd((request) => log(exchangeLine(entry.vendor, request)));
      return {
        vendor: entry.vendor,
        url: server.url,
        settings: entry.settings(server.url),
        close: () => server.close(),
      };
    }),
  );
  return {
    vendors: started.map(({ vendor, url, settings }) => ({ vendor, url, settings })),
    close: async () => void (await Promise.all(started.map((server) => server.close()))),
  };
}

/** What `npm run sandbox` prints: `pulumi config set` lines, then the same as env exports. */
export function sandboxInstructions(sandbox: Sandbox): string {
  const settings = sandbox.vendors.flatMap((vendor) => vendor.settings);
  const lines = [
    `pulumi-webhooks sandbox: ${sandbox.vendors.map((vendor) => `${vendor.vendor} at ${vendor.url}`).join(", ")}`,
    "Every emulator keeps its webhooks in memory until you stop it with Ctrl-C. The keys below are emulator keys, not real ones.",
    "",
    "# In your Pulumi project (stack config):",
    ...settings.map(
      (setting) => `pulumi config set ${setting.secret ? "--secret " : ""}${setting.key} ${setting.value}`,
    ),
    "",
    "# Or for this shell only (environment):",
    ...settings.map((setting) => `export ${setting.envVar}=${setting.value}`),
    "",
    "Sandbox ready; each request the emulators receive is printed below (method, path, status). Ctrl-C stops it.",
    "",
  ];
  return lines.join("\n");
}
