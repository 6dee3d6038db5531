/**
 * The preambles per-vendor tests share: a vendor's emulator with the vendor's fixed test credentials (the
 * sandbox's, test/emulators/sandbox.ts), handed to the SDK's functions as environment variables, or to the real
 * dynamic-provider host as stack config together with a serialized resource.
 */
import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { SANDBOX_VENDORS } from "../emulators/sandbox";
import {
  configureNative,
  fixtureDir,
  nativeConfigOf,
  secretArg,
  serializeResources,
  startHost,
  startNativeProvider,
  type HostClient,
  type ResourceSpec,
  type SerializedResource,
  type SerializeOptions,
  type StackConfig,
} from "../harness";

interface Emulator {
  url: string;
  close(): Promise<void>;
}

function settingsOf(vendor: string, url: string) {
  const entry = SANDBOX_VENDORS.find((candidate) => candidate.vendor === vendor);
  if (!entry) throw new Error(`no sandbox entry for ${vendor}`);
  return entry.settings(url);
}

/** The vendor's test credentials (secret) and the emulator's base URL, as stack config. */
export function testConfig(vendor: string, url: string): StackConfig {
  return Object.fromEntries(
    settingsOf(vendor, url).map((setting) => [
      setting.key,
      setting.secret ? secretArg(setting.value) : setting.value,
    ]),
  );
}

/** The same as the environment variables the provider and the SDK's functions read. */
export function testEnvironment(vendor: string, url: string): Record<string, string> {
  return Object.fromEntries(settingsOf(vendor, url).map((setting) => [setting.envVar, setting.value]));
}

/** Runs `run` with the vendor's test credentials and `url` in the environment (as a program's function sees them). */
export async function inEnvironmentOf<T>(vendor: string, url: string, run: () => Promise<T>): Promise<T> {
  for (const [name, value] of Object.entries(testEnvironment(vendor, url))) vi.stubEnv(name, value);
  try {
    return await run();
  } finally {
    vi.unstubAllEnvs();
  }
}

/**
 * A fresh emulator for every test, its test credentials and base URL in the environment (the SDK's functions run
 * in the program, not the host, and read them there); `use` receives it before each test.
 */
export function useEmulatorInEnvironment<E extends Emulator>(
  vendor: string,
  start: () => Promise<E>,
  use: (emulator: E) => void,
): void {
  let emulator: E | undefined;
  beforeEach(async () => {
    emulator = await start();
    for (const [name, value] of Object.entries(testEnvironment(vendor, emulator.url)))
      vi.stubEnv(name, value);
    use(emulator);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await emulator?.close();
  });
}

/**
 * A host of its own (a new `pulumi` run: quick retries, nothing cached), configured with the vendor's test
 * credentials and `url`; the caller closes it.
 */
export async function hostFor(vendor: string, url: string): Promise<HostClient> {
  const host = await startHost(fixtureDir(), { env: QUICK_RETRIES_NO_LIST_CACHE });
  await host.configure(testConfig(vendor, url));
  return host;
}

export interface HostSuite<E, S extends readonly ResourceSpec[] = readonly ResourceSpec[]> {
  emulator: E;
  /** The real dynamic-provider host, configured with the vendor's test credentials and the emulator's URL. */
  host: HostClient;
  /** The resources as the SDK serializes them from the packed package, one per spec. */
  resources: { -readonly [K in keyof S]: SerializedResource };
  /** The first of them, for the files that serialize one. */
  resource: SerializedResource;
}

/** Host environment for tests: retries after 1 ms instead of the provider's 500 ms base. */
export const QUICK_RETRIES = { PULUMI_WEBHOOKS_RETRY_BASE_MS: "1" } as const;
/** The same, and no list cache: each read sees what the test just did to the emulator. */
export const QUICK_RETRIES_NO_LIST_CACHE = { ...QUICK_RETRIES, PULUMI_WEBHOOKS_LIST_CACHE_MS: "0" } as const;

export interface HostSuiteOptions<E, S extends readonly ResourceSpec[] = readonly ResourceSpec[]> {
  vendor: string;
  start: () => Promise<E>;
  resources: S;
  /** The environment the program serializes in (to show a variable there never reaches the state). */
  serialize?: SerializeOptions;
  /** Extra environment for the host: short retry waits, no list cache. */
  hostEnv?: Record<string, string>;
}

/**
 * One emulator, the resources serialized and one host configured for the emulator, for all the tests of a file;
 * `use` receives them before the first test. Closed after the last.
 */
export function useHostSuite<E extends Emulator, const S extends readonly ResourceSpec[]>(
  options: HostSuiteOptions<E, S>,
  use: (suite: HostSuite<E, S>) => void,
): void {
  let emulator: E | undefined;
  let host: HostClient | undefined;
  beforeAll(async () => {
    emulator = await options.start();
    const [started, resources] = await Promise.all([
      startHost(fixtureDir(), { env: options.hostEnv }),
      serializeResources(fixtureDir(), [...options.resources], options.serialize),
    ]);
    host = started;
    await host.configure(testConfig(options.vendor, emulator.url));
    use({ emulator, host, resources: resources as HostSuite<E, S>["resources"], resource: resources[0]! });
  });
  afterAll(async () => {
    await host?.close();
    await emulator?.close();
  });
}

/**
 * One emulator and the `webhooks` native plugin configured for it with the vendor's test credentials, for all
 * the tests of a file; `use` receives them before the first test. Closed after the last.
 */
export function useNativeSuite<E extends Emulator>(
  options: Pick<HostSuiteOptions<E>, "vendor" | "start" | "hostEnv">,
  use: (suite: Omit<HostSuite<E>, "resources" | "resource">) => void,
): void {
  let emulator: E | undefined;
  let host: HostClient | undefined;
  beforeAll(async () => {
    emulator = await options.start();
    host = await startNativeProvider(fixtureDir(), { env: options.hostEnv });
    await configureNative(host, nativeConfigOf(testConfig(options.vendor, emulator.url)));
    use({ emulator, host });
  });
  afterAll(async () => {
    await host?.close();
    await emulator?.close();
  });
}
