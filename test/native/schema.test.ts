/**
 * schema.json: what `npm run schema` generates from the zod schemas, committed without drift, valid against
 * Pulumi's package metaschema, and what the plugin itself answers to GetSchema.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCHEMA_FILE, schemaText } from "../../scripts/schema";
import { fixtureDir, getSchema, pluginVersion, startNativeProvider, type HostClient } from "../harness";

type Schema = {
  version: string;
  config: { variables: Record<string, unknown> };
  types: Record<string, { properties: Record<string, Record<string, unknown>> }>;
  resources: Record<
    string,
    {
      inputProperties: Record<string, Record<string, unknown>>;
      properties: Record<string, Record<string, unknown>>;
      requiredInputs: string[];
      required: string[];
    }
  >;
  functions: Record<string, unknown>;
};

const committed = (): Schema => JSON.parse(fs.readFileSync(SCHEMA_FILE, "utf8")) as Schema;

function metaschemaValidator() {
  const metaschema = JSON.parse(
    fs.readFileSync(path.join(__dirname, "pulumi-package-metaschema.json"), "utf8"),
  ) as object;
  // The metaschema's two formats only describe strings; the structure is what is checked here.
  return new Ajv2020({
    strict: false,
    allErrors: true,
    formats: { regex: true, "uri-reference": true },
  }).compile(metaschema);
}

describe("schema.json", () => {
  it("is exactly what `npm run schema` generates (run it and commit the result when this fails)", () => {
    expect(fs.readFileSync(SCHEMA_FILE, "utf8")).toBe(schemaText());
  });

  it("is valid against Pulumi's package metaschema, which rejects a malformed schema", () => {
    const validate = metaschemaValidator();
    expect(validate(committed()), JSON.stringify(validate.errors)).toBe(true);
    const broken = committed();
    broken.resources["webhooks:erzycall:Webhook"]!.inputProperties.url = { type: "text" };
    expect(validate(broken)).toBe(false);
  });

  it("declares every resource with its secrets, replacements, requirements and defaults", () => {
    const { resources, config, functions, types } = committed();
    expect(Object.keys(resources).sort()).toEqual([
      "webhooks:converc:Webhook",
      "webhooks:conversant:Webhook",
      "webhooks:convirza:Webhook",
      "webhooks:erzycall:Webhook",
      "webhooks:sendblue:Webhook",
      "webhooks:sendblue:WebhookConfiguration",
    ]);
    const erzycall = resources["webhooks:erzycall:Webhook"]!;
    expect(erzycall.requiredInputs).toEqual(["url", "events"]);
    expect(erzycall.properties.secret).toMatchObject({ type: "string", secret: true });
    expect(erzycall.inputProperties.active).toMatchObject({
      type: "boolean",
      default: true,
      description: expect.stringContaining("isActive"),
    });
    expect(erzycall.inputProperties.secretVersion).toMatchObject({
      oneOf: [{ type: "string" }, { type: "number" }],
    });
    expect(erzycall.required).toEqual(expect.arrayContaining(["url", "events", "active", "createdAt"]));
    expect(erzycall.required).not.toContain("secret");
    const converc = resources["webhooks:converc:Webhook"]!;
    expect(converc.inputProperties.url).toMatchObject({ replaceOnChanges: true });
    expect(converc.inputProperties.verifyDelivery).not.toHaveProperty("replaceOnChanges");
    expect(resources["webhooks:conversant:Webhook"]!.inputProperties.accountId).toMatchObject({
      replaceOnChanges: true,
    });
    expect(resources["webhooks:conversant:Webhook"]!.inputProperties.customData).toEqual(
      expect.objectContaining({ type: "object", additionalProperties: { type: "string" } }),
    );
    expect(resources["webhooks:sendblue:Webhook"]!.inputProperties.secret).toMatchObject({
      secret: true,
      replaceOnChanges: true,
    });
    const configuration = resources["webhooks:sendblue:WebhookConfiguration"]!;
    expect(configuration.inputProperties.receive).toMatchObject({
      type: "array",
      secret: true,
      items: { oneOf: [{ type: "string" }, { $ref: "#/types/webhooks:sendblue:WebhookEntry" }] },
    });
    expect(types["webhooks:sendblue:WebhookEntry"]!.properties).toEqual({
      url: { type: "string" },
      secret: { type: "string" },
    });
    expect(Object.keys(config.variables).sort()).toEqual([
      "converc",
      "conversant",
      "convirza",
      "erzycall",
      "sendblue",
    ]);
    expect(types["webhooks:index:ErzycallConfig"]!.properties.apiKey).toMatchObject({
      type: "string",
      secret: true,
      description: expect.stringContaining("ERZYCALL_API_KEY"),
    });
    expect(functions).toHaveProperty("webhooks:conversant:getWebhookAttempts");
  });
});

describe("the plugin's GetSchema and GetPluginInfo", () => {
  let host: HostClient;
  beforeAll(async () => {
    host = await startNativeProvider(fixtureDir());
  });
  afterAll(async () => {
    await host?.close();
  });

  it("serve the committed schema and the package version", async () => {
    expect(await getSchema(host)).toEqual(committed());
    expect(await pluginVersion(host)).toBe(committed().version);
  });
});
