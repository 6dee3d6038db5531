import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Agent, request } from "undici";
import {
  SENDBLUE_DEFAULT_ACCOUNT as ACCOUNT,
  SENDBLUE_TEST_KEY_ID,
  SENDBLUE_TEST_SECRET_KEY,
  startSendblueEmulator,
  type SendblueEmulator,
  type SendblueEmulatorOptions,
} from "./sendblue";

let emulator: SendblueEmulator;
let agent: Agent;

async function start(options: SendblueEmulatorOptions = {}): Promise<void> {
  await emulator?.close();
  emulator = await startSendblueEmulator(options);
}

beforeEach(async () => {
  agent = new Agent();
  await start();
});

afterEach(async () => {
  await agent.close();
  await emulator.close();
});

interface CallOptions {
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  path?: string;
}

async function api(method: "GET" | "POST" | "PUT" | "DELETE", options: CallOptions = {}) {
  const headers: Record<string, string> = options.headers ?? {
    "sb-api-key-id": SENDBLUE_TEST_KEY_ID,
    "sb-api-secret-key": SENDBLUE_TEST_SECRET_KEY,
  };
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await request(`${emulator.url}${options.path ?? "/api/account/webhooks"}`, {
    method,
    headers,
    body,
    dispatcher: agent,
  });
  const text = await response.body.text();
  return { status: response.statusCode, json: text ? (JSON.parse(text) as any) : undefined };
}

const EMPTY = {
  receive: [],
  outbound: [],
  typing_indicator: [],
  call_log: [],
  line_blocked: [],
  line_assigned: [],
  contact_created: [],
};

describe("sendblue emulator › auth and paths", () => {
  it.each([
    ["no headers", {}],
    ["only the key id", { "sb-api-key-id": SENDBLUE_TEST_KEY_ID }],
    ["a wrong secret key", { "sb-api-key-id": SENDBLUE_TEST_KEY_ID, "sb-api-secret-key": "nope" }],
  ])("%s → 401 with the error envelope", async (_name, headers) => {
    const response = await api("GET", { headers });
    expect(response).toEqual({
      status: 401,
      json: { status: "ERROR", message: "Invalid API credentials", error: "Invalid API credentials" },
    });
  });

  it("accepts the x- prefixed headers too", async () => {
    const response = await api("GET", {
      headers: { "x-sb-api-key-id": SENDBLUE_TEST_KEY_ID, "x-sb-api-secret-key": SENDBLUE_TEST_SECRET_KEY },
    });
    expect(response.status).toBe(200);
  });

  it("serves both path generations from the same document, and 404 elsewhere", async () => {
    await api("POST", {
      path: "/api/v2/account/webhooks",
      body: { type: "outbound", webhooks: ["https://a.example.com/o"] },
    });
    const current = await api("GET", { path: "/api/account/webhooks" });
    expect(current.json).toEqual({
      status: "OK",
      webhooks: { ...EMPTY, outbound: ["https://a.example.com/o"] },
    });
    expect((await api("GET", { path: "/api/v1/account/webhooks" })).status).toBe(404);
  });

  it("keeps accounts apart", async () => {
    emulator.addKey("other-id", "other-secret", "acct_other");
    await api("POST", { body: { webhooks: ["https://a.example.com/r"] } });
    const other = await api("GET", {
      headers: { "sb-api-key-id": "other-id", "sb-api-secret-key": "other-secret" },
    });
    expect(other.json.webhooks).toEqual(EMPTY);
  });
});

describe("sendblue emulator › POST appends", () => {
  it("appends to one type (receive by default), blindly, and answers with only that list", async () => {
    emulator.store.append(ACCOUNT, "outbound", ["https://a.example.com/o"]);
    const first = await api("POST", {
      body: { webhooks: ["https://a.example.com/r", { url: "https://a.example.com/s", secret: "s3cret" }] },
    });
    expect(first).toEqual({
      status: 200,
      json: {
        status: "OK",
        message: "Webhooks added successfully",
        webhooks: {
          receive: ["https://a.example.com/r", { url: "https://a.example.com/s", secret: "s3cret" }],
        },
      },
    });
    await api("POST", { body: { type: "receive", webhooks: ["https://a.example.com/r"] } });
    expect(emulator.store.urls(ACCOUNT, "receive")).toEqual([
      "https://a.example.com/r",
      "https://a.example.com/s",
      "https://a.example.com/r",
    ]);
    expect(emulator.store.urls(ACCOUNT, "outbound")).toEqual(["https://a.example.com/o"]);
  });

  it("a globalSecret in the body overwrites the account's", async () => {
    await api("POST", { body: { webhooks: ["https://a.example.com/r"], globalSecret: "glob-1" } });
    expect((await api("GET")).json.webhooks.globalSecret).toBe("glob-1");
  });

  it.each([
    ["no webhooks", { type: "receive" }, "webhooks must be a non-empty array"],
    ["empty webhooks", { webhooks: [] }, "webhooks must be a non-empty array"],
    [
      "an object keyed by type",
      { webhooks: { receive: ["https://a.example.com"] } },
      "webhooks must be a non-empty array",
    ],
    [
      "an unknown type",
      { type: "delivered", webhooks: ["https://a.example.com"] },
      "Invalid webhook type: delivered",
    ],
    ["an http URL", { webhooks: ["http://a.example.com"] }, "Webhook URLs must use HTTPS"],
    [
      "an object under contact_created",
      { type: "contact_created", webhooks: [{ url: "https://a.example.com" }] },
      "contact_created webhooks must be URL strings",
    ],
    [
      "sendblue_numbers outside receive",
      { type: "outbound", webhooks: [{ url: "https://a.example.com", sendblue_numbers: ["+15551234567"] }] },
      "sendblue_numbers is only allowed on receive webhooks",
    ],
  ])("rejects %s with 400 and stores nothing", async (_name, body, message) => {
    const response = await api("POST", { body });
    expect(response).toEqual({ status: 400, json: { status: "ERROR", message, error: message } });
    expect(emulator.store.document(ACCOUNT)).toEqual(EMPTY);
  });

  it("rejects a body that is not JSON", async () => {
    expect((await api("POST", { rawBody: "{nope" })).status).toBe(400);
  });

  it("can upgrade http:// to https:// and accept objects under contact_created instead", async () => {
    await start({ upgradeHttp: true, objectsInContactCreated: true });
    await api("POST", { body: { webhooks: ["http://a.example.com/r"] } });
    await api("POST", { body: { type: "contact_created", webhooks: [{ url: "https://a.example.com/c" }] } });
    expect(emulator.store.document(ACCOUNT)).toMatchObject({
      receive: ["https://a.example.com/r"],
      contact_created: [{ url: "https://a.example.com/c" }],
    });
  });
});

describe("sendblue emulator › PUT and DELETE", () => {
  it("PUT replaces everything: left-out types and secrets are cleared", async () => {
    emulator.store.replace(ACCOUNT, {
      receive: ["https://a.example.com/r"],
      outbound: ["https://a.example.com/o"],
      globalSecret: "g",
      secret: "legacy",
    });
    const response = await api("PUT", {
      body: { webhooks: { call_log: [{ url: "https://a.example.com/c", secret: "cs" }] } },
    });
    expect(response.json).toEqual({
      status: "OK",
      message: "Webhooks updated successfully",
      webhooks: { ...EMPTY, call_log: [{ url: "https://a.example.com/c", secret: "cs" }] },
    });
    expect((await api("PUT", { body: { webhooks: {} } })).status).toBe(200);
    expect(emulator.store.document(ACCOUNT)).toEqual(EMPTY);
  });

  it("PUT rejects an unknown type and an array body", async () => {
    expect((await api("PUT", { body: { webhooks: { nope: [] } } })).json.message).toBe(
      "Invalid webhook type: nope",
    );
    expect((await api("PUT", { body: { webhooks: [] } })).json.message).toBe("webhooks must be an object");
  });

  it("DELETE removes every copy of a url within one type, strings and objects alike; an absent url is a 200 no-op", async () => {
    emulator.store.append(ACCOUNT, "receive", [
      "https://a.example.com/r",
      { url: "https://a.example.com/r", secret: "x" },
      "https://a.example.com/keep",
    ]);
    emulator.store.append(ACCOUNT, "outbound", ["https://a.example.com/r"]);
    const response = await api("DELETE", { body: { webhooks: ["https://a.example.com/r"] } });
    expect(response).toEqual({
      status: 200,
      json: { status: "OK", message: "Webhooks deleted successfully" },
    });
    expect(emulator.store.urls(ACCOUNT, "receive")).toEqual(["https://a.example.com/keep"]);
    expect(emulator.store.urls(ACCOUNT, "outbound")).toEqual(["https://a.example.com/r"]);
    expect(
      (await api("DELETE", { body: { type: "call_log", webhooks: ["https://gone.example.com"] } })).status,
    ).toBe(200);
  });

  it("DELETE takes URL strings only", async () => {
    expect(
      (await api("DELETE", { body: { webhooks: [{ url: "https://a.example.com" }] } })).json.message,
    ).toBe("webhooks must contain URL strings only");
  });
});

describe("sendblue emulator › concurrency knobs", () => {
  it("atomic by default: concurrent appends all land", async () => {
    const urls = Array.from({ length: 20 }, (_, n) => `https://a.example.com/${n}`);
    await Promise.all(urls.map((url) => api("POST", { body: { webhooks: [url] } })));
    expect(emulator.store.urls(ACCOUNT, "receive").sort()).toEqual([...urls].sort());
  });

  it("non-atomic read-modify-write loses one of two overlapping appends", async () => {
    await start({ nonAtomicWrites: true });
    const hold = emulator.holdWrites();
    const both = Promise.all([
      api("POST", { body: { webhooks: ["https://a.example.com/1"] } }),
      api("POST", { body: { webhooks: ["https://a.example.com/2"] } }),
    ]);
    await expect.poll(() => hold.waiting).toBe(2);
    hold.release();
    expect((await both).map((response) => response.status)).toEqual([200, 200]);
    expect(emulator.store.urls(ACCOUNT, "receive")).toHaveLength(1);
  });

  it("loseNextWrites answers 200 and changes nothing", async () => {
    emulator.loseNextWrites(1);
    expect((await api("POST", { body: { webhooks: ["https://a.example.com/1"] } })).status).toBe(200);
    expect(emulator.store.urls(ACCOUNT, "receive")).toEqual([]);
    await api("POST", { body: { webhooks: ["https://a.example.com/1"] } });
    expect(emulator.store.urls(ACCOUNT, "receive")).toEqual(["https://a.example.com/1"]);
  });
});

describe("sendblue emulator › as strict as the contract", () => {
  it.each([
    ["POST", { webhooks: ["https://a.example.com/r"], type: "receive", extra: 1 }, "Unknown field: extra"],
    ["POST", { webhooks: [{ url: "https://a.example.com/r", enabled: true }] }, "Unknown field: enabled"],
    ["PUT", { webhooks: {}, etag: "x" }, "Unknown field: etag"],
    ["PUT", { webhooks: { receive: [{ url: "https://a.example.com/r", id: "1" }] } }, "Unknown field: id"],
    ["DELETE", { webhooks: ["https://a.example.com/r"], globalSecret: "g" }, "Unknown field: globalSecret"],
  ] as const)("%s refuses a key its closed model does not have: %j", async (method, body, message) => {
    const response = await api(method, { body });
    expect(response).toEqual({ status: 400, json: { status: "ERROR", message, error: message } });
    expect(emulator.store.document(ACCOUNT)).toEqual(EMPTY);
  });

  it("refuses a string field sent as null", async () => {
    expect((await api("PUT", { body: { webhooks: { globalSecret: null } } })).json.message).toBe(
      "globalSecret must be a string",
    );
    expect(
      (await api("POST", { body: { webhooks: [{ url: "https://a.example.com/r", secret: null }] } })).json
        .message,
    ).toBe("secret must be a string");
  });

  it("strictV2Model: the v2 path knows no typing_indicator, the newer path does, and both see one state", async () => {
    await start({ strictV2Model: true });
    const v2 = "/api/v2/account/webhooks";
    for (const [method, body] of [
      ["POST", { type: "typing_indicator", webhooks: ["https://a.example.com/t"] }],
      ["DELETE", { type: "typing_indicator", webhooks: ["https://a.example.com/t"] }],
      ["PUT", { webhooks: { typing_indicator: [] } }],
    ] as const) {
      expect(await api(method, { path: v2, body })).toMatchObject({
        status: 400,
        json: { message: "Invalid webhook type: typing_indicator" },
      });
    }
    expect(
      (await api("POST", { body: { type: "typing_indicator", webhooks: ["https://a.example.com/t"] } }))
        .status,
    ).toBe(200);
    expect((await api("GET", { path: v2 })).json.webhooks).not.toHaveProperty("typing_indicator");
    expect((await api("GET")).json.webhooks.typing_indicator).toEqual(["https://a.example.com/t"]);
  });

  it("putKeepsLegacySecret: a PUT without the legacy secret keeps it, one with it replaces it", async () => {
    await start({ putKeepsLegacySecret: true });
    emulator.store.replace(ACCOUNT, { secret: "legacy", globalSecret: "g" });
    await api("PUT", { body: { webhooks: { receive: ["https://a.example.com/r"] } } });
    expect(emulator.store.document(ACCOUNT)).toEqual({
      ...EMPTY,
      receive: ["https://a.example.com/r"],
      secret: "legacy",
    });
    await api("PUT", { body: { webhooks: { secret: "new" } } });
    expect(emulator.store.document(ACCOUNT).secret).toBe("new");
  });
});
