/**
 * A refresh or destroy runs in a fresh host that never checked the resource: its secret inputs must still be
 * redacted when the vendor echoes them. Each case runs one operation, in this file's own process (vitest isolates
 * files), on stored outputs the provider has never seen, against a vendor whose errors repeat everything.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { webhookProvider as convirzaWebhook } from "../../provider/convirza/provider";
import {
  webhookConfigurationProvider as sendblueConfiguration,
  webhookProvider as sendblueWebhook,
} from "../../provider/sendblue/provider";
import { CONVIRZA_TEST_TOKEN, startConvirzaEmulator } from "../emulators/convirza";
import type { FaultInjector } from "../emulators/core";
import { failure } from "../support/failure";
import { SENDBLUE_TEST_KEY_ID, SENDBLUE_TEST_SECRET_KEY, startSendblueEmulator } from "../emulators/sendblue";

const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** Every response an error whose message repeats `values`. */
function echo(faults: FaultInjector, values: string[]): void {
  const message = `rejected ${values.join(" ")}`;
  faults.add({
    kind: "status",
    status: 500,
    body: JSON.stringify({ error: message, message, status: "ERROR" }),
    contentType: "application/json",
    times: Infinity,
  });
}

const errorOf = async (operation: () => Promise<unknown>): Promise<string> =>
  (await failure(operation())).message;

describe("secret values the host never saw checked", () => {
  it("convirza: a static parameter value echoed on delete and on read is redacted", async () => {
    const emulator = await startConvirzaEmulator();
    closers.push(() => emulator.close());
    vi.stubEnv("CONVIRZA_TOKEN", CONVIRZA_TEST_TOKEN);
    vi.stubEnv("CONVIRZA_BASE_URL", emulator.url);
    vi.stubEnv("PULUMI_WEBHOOKS_MAX_RETRIES", "0");
    const parameter = "receiver-key-never-checked-9f1e2d3c";
    echo(emulator.faults, [parameter]);
    const stored = {
      name: "calls",
      url: "https://hooks.example.com/calls",
      staticParameters: { api_key: parameter },
    };

    for (const message of [
      await errorOf(() => convirzaWebhook.delete!("77", stored)),
      await errorOf(() => convirzaWebhook.read!("77", stored)),
    ]) {
      expect(message).toContain("[redacted]");
      expect(message).not.toContain(parameter);
    }
  });

  it("sendblue: an entry secret and a configuration's secrets echoed on delete are redacted", async () => {
    const emulator = await startSendblueEmulator();
    closers.push(() => emulator.close());
    vi.stubEnv("SENDBLUE_API_KEY_ID", SENDBLUE_TEST_KEY_ID);
    vi.stubEnv("SENDBLUE_API_SECRET_KEY", SENDBLUE_TEST_SECRET_KEY);
    vi.stubEnv("SENDBLUE_BASE_URL", emulator.url);
    vi.stubEnv("PULUMI_WEBHOOKS_MAX_RETRIES", "0");
    const entrySecret = "entry-secret-never-checked-4b5a";
    const globalSecret = "global-secret-never-checked-7c6d";
    const configurationEntrySecret = "configuration-entry-secret-never-checked-1a2b";
    echo(emulator.faults, [entrySecret, globalSecret, configurationEntrySecret]);
    const url = "https://hooks.example.com/inbound";

    const entryError = await errorOf(() =>
      sendblueWebhook.delete!(`receive/${encodeURIComponent(url)}`, {
        type: "receive",
        url,
        secret: entrySecret,
        adopt: false,
      }),
    );
    expect(entryError).toContain("[redacted]");
    expect(entryError).not.toContain(entrySecret);

    const configuration = {
      receive: [{ url, secret: configurationEntrySecret }],
      globalSecret,
      adopt: false,
    };
    const configurationError = await errorOf(() => sendblueConfiguration.delete!("account", configuration));
    expect(configurationError).not.toContain(globalSecret);
    expect(configurationError).not.toContain(configurationEntrySecret);
  });
});
