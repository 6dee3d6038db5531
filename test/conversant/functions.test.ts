import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it, vi } from "vitest";
import * as conversant from "../../sdk/conversant";
import {
  CONVERSANT_TEST_ACCOUNT as ACCOUNT,
  startConversantEmulator,
  type ConversantEmulator,
} from "../emulators/conversant";
import { settled } from "../support/output";
import { useEmulatorInEnvironment } from "../support/vendor-fixtures";

// The SDK's functions run in the program, not the provider host: called here directly, credentials from the environment.
let emulator: ConversantEmulator;

useEmulatorInEnvironment("conversant", startConversantEmulator, (started) => (emulator = started));

describe("conversant.getWebhooks", () => {
  it("lists every live hook in full, in the resource's output shape (the list has summaries only, so each is read)", async () => {
    const hook = emulator.store.insert(ACCOUNT, {
      name: "portal",
      uri: "https://crm.example.com/a",
      hook: "object",
      custom_data: { type: "device", action: "all" },
      retries: 3,
    });
    const gone = emulator.store.insert(ACCOUNT, {
      name: "old",
      uri: "https://crm.example.com/b",
      hook: "channel_create",
    });
    emulator.store.softDelete(gone.id);
    emulator.store.autoDisable(hook.id);
    const listed = await conversant.getWebhooks();
    expect(listed).toEqual([
      {
        id: hook.id,
        accountId: ACCOUNT,
        name: "portal",
        url: "https://crm.example.com/a",
        hook: "object",
        httpVerb: "post",
        retries: 3,
        format: "form-data",
        enabled: false,
        customData: { type: "device", action: "all" },
        includeSubaccounts: false,
        includeInternalLegs: true,
        disableReason: "too many failed attempts",
      },
    ]);
    expect(emulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `GET /v1/accounts/${ACCOUNT}/webhooks`,
      `GET /v1/accounts/${ACCOUNT}/webhooks/${hook.id}`,
    ]);
  });

  it("takes the account as an Output in its Output form", async () => {
    const other = "d".repeat(32);
    emulator.addAccount(other, { parent: ACCOUNT });
    const hook = emulator.store.insert(other, {
      name: "sub",
      uri: "https://crm.example.com/s",
      hook: "channel_answer",
    });
    expect((await settled(conversant.getWebhooksOutput({ accountId: pulumi.output(other) }))).value).toEqual([
      expect.objectContaining({ id: hook.id, accountId: other }),
    ]);
  });
});

describe("conversant.getWebhookAttemptsOutput", () => {
  it("settles to the attempts getWebhookAttempts returns", async () => {
    const hook = emulator.store.insert(ACCOUNT, {
      name: "portal",
      uri: "https://crm.example.com/a",
      hook: "channel_create",
    });
    emulator.store.recordAttempt(hook.id, { result: "success" });
    expect(
      (await settled(conversant.getWebhookAttemptsOutput({ webhookId: pulumi.output(hook.id) }))).value,
    ).toEqual([expect.objectContaining({ hookId: hook.id, result: "success" })]);
  });
});

describe("conversant.getWebhookAttempts", () => {
  it("names a webhookId that is not a Kazoo id before any request", async () => {
    await expect(conversant.getWebhookAttempts({ webhookId: "wh_1" })).rejects.toThrow(
      'Conversant list webhook attempts failed: webhookId: must be a Kazoo webhook id: 32 lower-case hex characters (got "wh_1")',
    );
    expect(emulator.requests).toEqual([]);
  });
});

describe("conversant's base URL", () => {
  it("is taken as Conversant's pages write it, /v1 included, as the same API", async () => {
    vi.stubEnv("CONVERSANT_BASE_URL", `${emulator.url}/v1`);
    const hook = emulator.store.insert(ACCOUNT, {
      name: "portal",
      uri: "https://crm.example.com/a",
      hook: "channel_create",
    });
    expect((await conversant.getWebhooks()).map((listed) => listed.id)).toEqual([hook.id]);
    expect(emulator.requests.every((request) => request.path.startsWith(`/v1/accounts/${ACCOUNT}/`))).toBe(
      true,
    );
  });
});
