import { afterEach, beforeEach, expect, vi } from "vitest";
import { useStackConfig } from "../../provider/core/credentials";
import { webhookProvider as provider } from "../../provider/convirza/provider";
import { CONVIRZA_TEST_TOKEN, startConvirzaEmulator, type ConvirzaEmulator } from "../emulators/convirza";
export { failure, initFailure } from "../support/failure";

/**
 * The provider called directly, as the host calls it after check, against a fresh Convirza emulator per
 * test (credentials and base URL from the environment). Call `useConvirzaEmulator()` at the top of a file.
 */
export { provider };
export const URL_A = "https://hooks.example.com/convirza/a";
export const URL_B = "https://hooks.example.com/convirza/b";
export const PARTNER_KEY = "sk_partner_key_9f8e7d6c";
export const CREATED_AT = "2026-03-01T10:00:00.000Z";

export const everyField = {
  name: "CRM",
  url: URL_A,
  format: "XML_CQM",
  method: "PUT",
  description: "calls to the CRM",
  includeDataAppend: true,
  includeDniLogs: true,
  includeIndicatorScores: true,
  includeIvrKeypresses: true,
  active: false,
  staticParameters: { source: "pulumi-crm", api_key: PARTNER_KEY },
};

let current: ConvirzaEmulator | undefined;

export function useConvirzaEmulator(): void {
  beforeEach(async () => {
    current = await startConvirzaEmulator({ now: () => Date.parse(CREATED_AT) });
    vi.stubEnv("CONVIRZA_TOKEN", CONVIRZA_TEST_TOKEN);
    vi.stubEnv("CONVIRZA_BASE_URL", current.url);
    vi.stubEnv("PULUMI_WEBHOOKS_RETRY_BASE_MS", "1");
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    useStackConfig(undefined);
    await current?.close();
    current = undefined;
  });
}

/** This test's emulator. */
export function emulator(): ConvirzaEmulator {
  if (!current) throw new Error("no emulator: call useConvirzaEmulator() at the top of the test file");
  return current;
}

/** Inputs as check returns them. */
export async function checked(news: Record<string, unknown>): Promise<Record<string, unknown>> {
  const result = await provider.check!({}, news);
  expect(result.failures).toEqual([]);
  return result.inputs;
}

/** `METHOD /path` of every request, in order. */
export const calls = () => emulator().requests.map((request) => `${request.method} ${request.path}`);
/** Webhooks not soft-deleted. */
export const live = () =>
  emulator()
    .store.list()
    .filter((webhook) => webhook.webhook_status !== "deleted");
