/**
 * Every vendor emulator, started together on fixed loopback ports for trying the examples with no vendor
 * account (`npm run sandbox`), and the stack config that points the provider at them. A vendor joins by adding
 * one entry to SANDBOX_VENDORS.
 */
import type { EmulatorServer, LoggedRequest } from "./core";
import { CONVIRZA_TEST_TOKEN, startConvirzaEmulator } from "./convirza";
import { CONVERC_TEST_KEY, startConvercEmulator } from "./converc";
import { CONVERSANT_TEST_ACCOUNT, CONVERSANT_TEST_TOKEN, startConversantEmulator } from "./conversant";
import { ERZYCALL_TEST_KEY, startErzycallEmulator } from "./erzycall";
import { SENDBLUE_TEST_KEY_ID, SENDBLUE_TEST_SECRET_KEY, startSendblueEmulator } from "./sendblue";

export interface SandboxSetting {
  /** Stack config key, e.g. `erzycall:apiKey`. */
  key: string;
  /** The environment variable the provider reads when the config key is unset. */
  envVar: string;
  value: string;
  secret: boolean;
}

interface SandboxVendor {
  vendor: string;
  port: number;
  /** `documentedLimits`: enforce the vendor's documented rate limit, where it has one. */
  start(
    port: number,
    documentedLimits: boolean,
  ): Promise<Pick<EmulatorServer, "url" | "close" | "onExchangeEnd" | "faults">>;
  settings(url: string): SandboxSetting[];
}

export const SANDBOX_VENDORS: SandboxVendor[] = [
  {
    vendor: "convirza",
    port: 18402,
    start: (port) => startConvirzaEmulator({ port }),
    settings: (url) => [
      { key: "convirza:baseUrl", envVar: "CONVIRZA_BASE_URL", value: url, secret: false },
      { key: "convirza:token", envVar: "CONVIRZA_TOKEN", value: CONVIRZA_TEST_TOKEN, secret: true },
    ],
  },
  {
    vendor: "converc",
    port: 18403,
    // Receivers are simulated (every test event is accepted), so verifyDelivery works without a real receiver.
    start: (port) => startConvercEmulator({ port }),
    settings: (url) => [
      { key: "converc:baseUrl", envVar: "CONVERC_BASE_URL", value: url, secret: false },
      { key: "converc:apiKey", envVar: "CONVERC_API_KEY", value: CONVERC_TEST_KEY, secret: true },
    ],
  },
  {
    vendor: "erzycall",
    port: 18401,
    start: (port, documentedLimits) =>
      startErzycallEmulator({
        port,
        ...(documentedLimits ? { rateLimit: { perMinute: 60, perHour: 1_000 } } : {}),
      }),
    settings: (url) => [
      { key: "erzycall:baseUrl", envVar: "ERZYCALL_BASE_URL", value: url, secret: false },
      { key: "erzycall:apiKey", envVar: "ERZYCALL_API_KEY", value: ERZYCALL_TEST_KEY, secret: true },
    ],
  },
  {
    vendor: "sendblue",
    port: 18404,
    start: (port) => startSendblueEmulator({ port }),
    settings: (url) => [
      { key: "sendblue:baseUrl", envVar: "SENDBLUE_BASE_URL", value: url, secret: false },
      { key: "sendblue:apiKeyId", envVar: "SENDBLUE_API_KEY_ID", value: SENDBLUE_TEST_KEY_ID, secret: true },
      {
        key: "sendblue:apiSecretKey",
        envVar: "SENDBLUE_API_SECRET_KEY",
        value: SENDBLUE_TEST_SECRET_KEY,
        secret: true,
      },
    ],
  },
  {
    vendor: "conversant",
    port: 18405,
    // The pre-issued token outlives any sandbox session (24 h from start).
    start: (port, documentedLimits) =>
      startConversantEmulator({
        port,
        ...(documentedLimits ? { rateLimit: { capacity: 100, refillPerSecond: 10 } } : {}),
      }),
    settings: (url) => [
      { key: "conversant:baseUrl", envVar: "CONVERSANT_BASE_URL", value: url, secret: false },
      {
        key: "conversant:authToken",
        envVar: "CONVERSANT_AUTH_TOKEN",
        value: CONVERSANT_TEST_TOKEN,
        secret: true,
      },
      {
        key: "conversant:accountId",
        envVar: "CONVERSANT_ACCOUNT_ID",
        value: CONVERSANT_TEST_ACCOUNT,
        secret: false,
      },
    ],
  },
];

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
