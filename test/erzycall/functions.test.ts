import { describe, expect, it, vi } from "vitest";
import * as erzycall from "../../sdk/erzycall";
import { ERZYCALL_DEFAULT_ORG, startErzycallEmulator, type ErzycallEmulator } from "../emulators/erzycall";
import { failure } from "../support/failure";
import { settled } from "../support/output";
import { useEmulatorInEnvironment } from "../support/vendor-fixtures";

// The SDK's functions run in the program, not the provider host: called here directly, credentials from the environment.
let emulator: ErzycallEmulator;

useEmulatorInEnvironment("erzycall", startErzycallEmulator, (started) => (emulator = started));

describe("erzycall.getWebhooks", () => {
  it("lists every endpoint, dashboard-made ones included, in the resource's output shape and without secrets", async () => {
    const dashboard = emulator.store.insert(ERZYCALL_DEFAULT_ORG, {
      url: "https://crm.example.com/a",
      events: ["call.ended", "call.started"],
      description: "from the dashboard",
    });
    const bare = emulator.store.insert(ERZYCALL_DEFAULT_ORG, {
      url: "https://crm.example.com/b",
      events: ["contact.created"],
      isActive: false,
    });
    const listed = await erzycall.getWebhooks();
    expect(listed).toEqual([
      {
        id: dashboard.id,
        url: "https://crm.example.com/a",
        events: ["call.ended", "call.started"],
        description: "from the dashboard",
        active: true,
        createdAt: dashboard.createdAt,
      },
      {
        id: bare.id,
        url: "https://crm.example.com/b",
        events: ["contact.created"],
        active: false,
        createdAt: bare.createdAt,
      },
    ]);
    expect(JSON.stringify(listed)).not.toContain("whsec_");
    expect(emulator.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      "GET /api/v1/webhooks",
    ]);
  });

  it("has an Output form that settles to the same list", async () => {
    const endpoint = emulator.store.insert(ERZYCALL_DEFAULT_ORG, {
      url: "https://crm.example.com/a",
      events: ["call.ended"],
    });
    expect(await settled(erzycall.getWebhooksOutput())).toEqual({
      value: [expect.objectContaining({ id: endpoint.id })],
      secret: false,
    });
  });

  it("takes the base URL as Erzycall's document writes it, /api/v1 included, as the same API", async () => {
    vi.stubEnv("ERZYCALL_BASE_URL", `${emulator.url}/api/v1`);
    const endpoint = emulator.store.insert(ERZYCALL_DEFAULT_ORG, {
      url: "https://crm.example.com/a",
      events: ["call.ended"],
    });
    expect((await erzycall.getWebhooks()).map((listed) => listed.id)).toEqual([endpoint.id]);
    expect(emulator.requests.map((request) => request.path)).toEqual(["/api/v1/webhooks"]);
  });

  it("names the setting when the key is missing", async () => {
    vi.stubEnv("ERZYCALL_API_KEY", "");
    expect((await failure(erzycall.getWebhooks())).message).toMatch(/erzycall:apiKey .*ERZYCALL_API_KEY/);
  });
});
