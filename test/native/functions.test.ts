/**
 * Every function of the `webhooks` plugin over gRPC (Invoke), against the emulators, with the credentials of the
 * provider config: what each returns, that it is what schema.json declares (no key the schema lacks, every
 * required key present), and that secrets travel marked.
 */
import * as fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCHEMA_FILE } from "../../scripts/schema";
import { startConvercEmulator, type ConvercEmulator } from "../emulators/converc";
import { startConversantEmulator, type ConversantEmulator } from "../emulators/conversant";
import { startConvirzaEmulator, type ConvirzaEmulator } from "../emulators/convirza";
import { startErzycallEmulator, type ErzycallEmulator } from "../emulators/erzycall";
import { startSendblueEmulator, type SendblueEmulator } from "../emulators/sendblue";
import {
  checkAndCreate,
  configureNative,
  fixtureDir,
  HostCallError,
  invoke,
  nativeUrn,
  secretValue,
  startNativeProvider,
  type HostClient,
  type NativeConfig,
  type PropertyMap,
  type StackConfig,
} from "../harness";
import {
  convercCredentials,
  conversantCredentials,
  convirzaCredentials,
  erzycallCredentials,
  sendblueCredentials,
} from "../lifecycle/sentinel-credentials";
import { QUICK_RETRIES_NO_LIST_CACHE } from "../support/vendor-fixtures";

interface PropertySpec {
  $ref?: string;
  type?: string;
  items?: PropertySpec;
  secret?: boolean;
}
interface ObjectSpec {
  properties: Record<string, PropertySpec>;
  required?: string[];
}
const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as {
  functions: Record<string, { inputs: ObjectSpec; outputs: ObjectSpec }>;
  types: Record<string, ObjectSpec>;
};

/** `StackConfig` keys (`erzycall:apiKey`) as the plugin's per-vendor config objects. */
function asProviderConfig(config: StackConfig): NativeConfig {
  const objects: NativeConfig = {};
  for (const [key, value] of Object.entries(config)) {
    const [vendor, name] = key.split(":") as [string, string];
    objects[vendor] = { ...objects[vendor], [name]: value };
  }
  return objects;
}

/** The problems of `value` against an object spec: keys the schema lacks, required keys missing. */
function conformance(value: PropertyMap, spec: ObjectSpec, where: string): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(value))
    if (!(key in spec.properties)) problems.push(`${where}.${key} is not in the schema`);
  for (const key of spec.required ?? []) if (!(key in value)) problems.push(`${where}.${key} is missing`);
  for (const [key, property] of Object.entries(spec.properties)) {
    const item = property.type === "array" ? property.items : undefined;
    const ref = item?.$ref?.replace("#/types/", "");
    const listed = value[key];
    if (ref && Array.isArray(listed))
      listed.forEach((entry, index) =>
        problems.push(...conformance(entry as PropertyMap, schema.types[ref]!, `${where}.${key}[${index}]`)),
      );
  }
  return problems;
}

let host: HostClient;
let convirza: ConvirzaEmulator;
let converc: ConvercEmulator;
let conversant: ConversantEmulator;
let erzycall: ErzycallEmulator;
let sendblue: SendblueEmulator;
const ids = new Map<string, string>();
const urlOf = (vendor: string) => `https://hooks.example.com/functions/${vendor}`;

async function call(token: string, args: PropertyMap = {}): Promise<PropertyMap> {
  const result = await invoke(host, token, args);
  expect(conformance(result, schema.functions[token]!.outputs, token)).toEqual([]);
  return result;
}

beforeAll(async () => {
  [convirza, converc, conversant, erzycall, sendblue] = await Promise.all([
    startConvirzaEmulator(),
    startConvercEmulator(),
    startConversantEmulator(),
    startErzycallEmulator(),
    startSendblueEmulator(),
  ]);
  host = await startNativeProvider(fixtureDir(), {
    env: QUICK_RETRIES_NO_LIST_CACHE,
  });
  await configureNative(
    host,
    asProviderConfig({
      ...convirzaCredentials(convirza).config,
      ...convercCredentials(converc).config,
      ...conversantCredentials(conversant).config,
      ...erzycallCredentials(erzycall).config,
      ...sendblueCredentials(sendblue).config,
    }),
  );
  const declared: Record<string, PropertyMap> = {
    convirza: { name: "Call sync", url: urlOf("convirza"), format: "XML" },
    converc: { url: urlOf("converc"), events: ["call.ended"] },
    conversant: { name: "CRM hangups", url: urlOf("conversant"), hook: "channel_destroy", format: "json" },
    erzycall: { url: urlOf("erzycall"), events: ["call.ended"], description: "listed" },
    sendblue: { type: "receive", url: urlOf("sendblue"), secret: "sb-entry-secret-1" },
  };
  for (const [vendor, inputs] of Object.entries(declared))
    ids.set(vendor, (await checkAndCreate(host, nativeUrn(vendor, "Webhook", vendor), inputs)).id);
});

afterAll(async () => {
  await host?.close();
  await Promise.all([convirza, converc, conversant, erzycall, sendblue].map((emulator) => emulator?.close()));
});

describe("the webhooks plugin's functions", () => {
  it("declares every function of the package's SDK", () => {
    expect(Object.keys(schema.functions).sort()).toEqual([
      "webhooks:converc:getRecentEvents",
      "webhooks:converc:getWebhooks",
      "webhooks:converc:sendTestEvent",
      "webhooks:conversant:getWebhookAttempts",
      "webhooks:conversant:getWebhooks",
      "webhooks:convirza:getWebhooks",
      "webhooks:erzycall:getWebhooks",
      "webhooks:sendblue:getWebhookConfiguration",
    ]);
  });

  it.each(["convirza", "converc", "conversant", "erzycall"])(
    "%s getWebhooks lists the vendor's webhooks with the provider config's credentials",
    async (vendor) => {
      const { webhooks } = await call(`webhooks:${vendor}:getWebhooks`);
      expect(webhooks).toEqual([expect.objectContaining({ id: ids.get(vendor), url: urlOf(vendor) })]);
    },
  );

  it("erzycall getWebhooks gives the resource's outputs, never a secret", async () => {
    const { webhooks } = await call("webhooks:erzycall:getWebhooks");
    expect(webhooks).toEqual([
      {
        id: ids.get("erzycall"),
        url: urlOf("erzycall"),
        events: ["call.ended"],
        description: "listed",
        active: true,
        createdAt: expect.any(String),
      },
    ]);
  });

  it("conversant getWebhooks reads the account given, or the provider's", async () => {
    const { webhooks } = await call("webhooks:conversant:getWebhooks", {});
    expect(webhooks).toEqual([
      expect.objectContaining({
        name: "CRM hangups",
        hook: "channel_destroy",
        format: "json",
        enabled: true,
      }),
    ]);
  });

  it("sendblue getWebhookConfiguration returns the document, its entry lists marked secret", async () => {
    const result = await call("webhooks:sendblue:getWebhookConfiguration");
    expect(result.receive).toEqual(secretValue([{ url: urlOf("sendblue"), secret: "sb-entry-secret-1" }]));
    expect(result.contactCreated).toEqual([]);
    const declared = schema.functions["webhooks:sendblue:getWebhookConfiguration"]!.outputs.properties;
    expect(declared.receive).toMatchObject({ secret: true });
    expect(declared.globalSecret).toMatchObject({ secret: true });
    expect(declared.legacySecret).toMatchObject({ secret: true });
  });

  it("converc sendTestEvent delivers webhook.test, and getRecentEvents shows it", async () => {
    const sent = await call("webhooks:converc:sendTestEvent", { webhookId: ids.get("converc")! });
    expect(sent).toMatchObject({ ok: expect.any(Boolean) });
    expect(converc.deliveries.map((delivery) => delivery.envelope.type)).toEqual(["webhook.test"]);
    const { events } = await call("webhooks:converc:getRecentEvents", {
      eventType: "webhook.test",
      display: 5,
    });
    expect(events).toEqual([expect.objectContaining({ type: "webhook.test", data: expect.any(Object) })]);
  });

  it("refuses a function call without its required input, naming it, before any request", async () => {
    const before = converc.requests.length;
    const refused = await invoke(host, "webhooks:converc:getRecentEvents", {}).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(HostCallError);
    expect(String((refused as Error).message)).toContain("`eventType` is required");
    expect(converc.requests.length).toBe(before);
  });
});
