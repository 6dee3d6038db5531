/**
 * Every vendor emulator, started together on fixed loopback ports for trying the examples with no vendor
 * account (`npm run sandbox`), and the stack config that points the provider at them. A vendor joins by adding
 * one entry to SANDBOX_VENDORS.
 */
import { ERZYCALL_TEST_KEY, startErzycallEmulator } from "./erzycall";

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
  start(port: number): Promise<{ url: string; close(): Promise<void> }>;
  settings(url: string): SandboxSetting[];
}

export const SANDBOX_VENDORS: SandboxVendor[] = [
  {
    vendor: "erzycall",
    port: 18401,
    start: (port) => startErzycallEmulator({ port }),
    settings: (url) => [
      { key: "erzycall:baseUrl", envVar: "ERZYCALL_BASE_URL", value: url, secret: false },
      { key: "erzycall:apiKey", envVar: "ERZYCALL_API_KEY", value: ERZYCALL_TEST_KEY, secret: true },
    ],
  },
];

export interface Sandbox {
  vendors: Array<{ vendor: string; url: string; settings: SandboxSetting[] }>;
  close(): Promise<void>;
}

/** `ports: "fixed"` uses each vendor's documented port; "free" lets the system choose (tests). */
export async function startSandbox(ports: "fixed" | "free" = "fixed"): Promise<Sandbox> {
  const started = await Promise.all(
    SANDBOX_VENDORS.map(async (entry) => {
      const server = await entry.start(ports === "fixed" ? entry.port : 0);
      return { vendor: entry.vendor, url: server.url, settings: entry.settings(server.url), close: () => server.close() };
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
    ...settings.map((setting) => `pulumi config set ${setting.secret ? "--secret " : ""}${setting.key} ${setting.value}`),
    "",
    "# Or for this shell only (environment):",
    ...settings.map((setting) => `export ${setting.envVar}=${setting.value}`),
    "",
    "Sandbox ready; Ctrl-C stops it.",
    "",
  ];
  return lines.join("\n");
}
