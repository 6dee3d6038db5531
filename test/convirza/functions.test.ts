import { describe, expect, it, vi } from "vitest";
import * as convirza from "../../sdk/convirza";
import { CONVIRZA_TEST_USER, startConvirzaEmulator, type ConvirzaEmulator } from "../emulators/convirza";
import { failure } from "../support/failure";
import { settled } from "../support/output";
import { useEmulatorInEnvironment } from "../support/vendor-fixtures";

// The SDK's functions run in the program, not the provider host: called here directly, credentials from the environment.
let emulator: ConvirzaEmulator;

useEmulatorInEnvironment("convirza", startConvirzaEmulator, (started) => (emulator = started));

describe("convirza.getWebhooks", () => {
  it("lists the live webhooks in the resource's output shape", async () => {
    const plain = emulator.store.insert({
      webhook_name: "Portal",
      webhook_endpoint: "https://crm.example.com/a",
      org_unit_id: CONVIRZA_TEST_USER.org_unit_id,
      created_by: 7,
    });
    const gone = emulator.store.insert({
      webhook_name: "Old",
      webhook_endpoint: "https://crm.example.com/b",
      org_unit_id: CONVIRZA_TEST_USER.org_unit_id,
    });
    emulator.store.delete(gone.webhook_id);
    const listed = await convirza.getWebhooks();
    expect(listed).toEqual([
      {
        id: String(plain.webhook_id),
        name: "Portal",
        url: "https://crm.example.com/a",
        format: plain.format,
        method: plain.method,
        includeDataAppend: false,
        includeDniLogs: false,
        includeIndicatorScores: false,
        includeIvrKeypresses: false,
        active: true,
        staticParameters: {},
        createdAt: plain.created_at,
        createdBy: 7,
      },
    ]);
    expect(await settled(convirza.getWebhooksOutput())).toEqual({ value: listed, secret: false });
  });

  it("marks the Output form secret when a webhook carries static parameters (often the receiver's credentials)", async () => {
    emulator.store.insert({
      webhook_name: "Keyed",
      webhook_endpoint: "https://crm.example.com/a",
      org_unit_id: CONVIRZA_TEST_USER.org_unit_id,
      static_parameters: [{ field_name: "api_key", field_value: "sk_partner" }],
    });
    const output = await settled(convirza.getWebhooksOutput());
    expect(output.secret).toBe(true);
    expect(output.value[0]?.staticParameters).toEqual({ api_key: "sk_partner" });
  });

  it("names the list-path setting when Convirza has no list there", async () => {
    vi.stubEnv("CONVIRZA_WEBHOOKS_LIST_PATH", "/webhooks/listing");
    expect((await failure(convirza.getWebhooks())).message).toMatch(
      /Convirza may have no list at \/webhooks\/listing: set convirza:webhooksListPath/,
    );
  });
});
