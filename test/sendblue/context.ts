/**
 * Shared by the sendblue provider tests: a fresh emulator per test (which also gives a fresh
 * document cache and account lock, both keyed by base URL and key id), credentials through the
 * environment, and views of what the emulator saw.
 */
import { afterEach, beforeEach, expect, vi } from "vitest";
import {
  SENDBLUE_DEFAULT_ACCOUNT,
  SENDBLUE_TEST_KEY_ID,
  SENDBLUE_TEST_SECRET_KEY,
  startSendblueEmulator,
  type SendblueEmulator,
  type SendblueEmulatorOptions,
  type StoredDocument,
} from "../emulators/sendblue";
export { failure } from "../support/failure";

export const PATH = "/api/v2/account/webhooks";
export const ACCOUNT = SENDBLUE_DEFAULT_ACCOUNT;

/** Points the provider at the emulator through the environment, as a user's env vars would. */
export async function startWithEnv(options: SendblueEmulatorOptions = {}): Promise<SendblueEmulator> {
  const emulator = await startSendblueEmulator(options);
  vi.stubEnv("SENDBLUE_API_KEY_ID", SENDBLUE_TEST_KEY_ID);
  vi.stubEnv("SENDBLUE_API_SECRET_KEY", SENDBLUE_TEST_SECRET_KEY);
  vi.stubEnv("SENDBLUE_BASE_URL", emulator.url);
  vi.stubEnv("PULUMI_WEBHOOKS_RETRY_BASE_MS", "1");
  return emulator;
}

/** Registers before/after hooks; `current()` is this test's emulator. */
export function useSendblueEmulator(): {
  current: () => SendblueEmulator;
  calls: () => string[];
  writes: () => unknown[][];
  document: () => StoredDocument;
} {
  let emulator: SendblueEmulator;
  beforeEach(async () => {
    emulator = await startWithEnv();
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await emulator.close();
  });
  return {
    current: () => emulator,
    calls: () => emulator.requests.map((request) => `${request.method} ${request.path}`),
    writes: () =>
      emulator.requests
        .filter((request) => request.method !== "GET")
        .map((request) => [request.method, request.body]),
    document: () => emulator.store.document(ACCOUNT),
  };
}

/** The error a promise rejects with; fails the test if it resolves. */
/** Inputs as check returns them, asserting there were no failures. */
export async function checkedBy(
  provider: {
    check?: (
      olds: Record<string, unknown>,
      news: Record<string, unknown>,
    ) => Promise<{ inputs?: Record<string, unknown>; failures?: unknown[] }>;
  },
  news: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const result = await provider.check!({}, news);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs ?? {};
}
