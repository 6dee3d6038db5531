/**
 * Drives the `webhooks` native provider plugin the way the engine does: the `pulumi-resource-webhooks` executable
 * of the installed package (its node_modules/.bin entry), over the same gRPC client as the dynamic host, plus the
 * calls only a native provider answers (schema, provider config, detailed diffs, invokes).
 */
import * as path from "node:path";
import type * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type * as pluginproto from "@pulumi/pulumi/proto/plugin_pb";
import { fromStruct, type HostClient, type PropertyMap, type StackConfig } from "./host-protocol";
import { startHost, type StartHostOptions } from "./host";
import type { SecretArg } from "./serialize";
import { DEFAULT_PROJECT, DEFAULT_STACK, SECRET_SIG, SECRET_SIG_KEY } from "./urn";

/** Provider config as a program sets it: one object per vendor, values optionally secret. */
export type NativeConfig = Record<string, Record<string, string | SecretArg<string>>>;

/** Stack config (`erzycall:apiKey`) as the native plugin's provider config (`{ erzycall: { apiKey } }`). */
export function nativeConfigOf(config: StackConfig): NativeConfig {
  const objects: NativeConfig = {};
  for (const [key, value] of Object.entries(config)) {
    const [vendor, name] = key.split(":") as [string, string];
    (objects[vendor] ??= {})[name] = value;
  }
  return objects;
}

export interface NativeDiff {
  changes: "some" | "none" | "unknown";
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Per property: ADD, UPDATE, UPDATE_REPLACE, ... */
  detailed: Record<string, string>;
  hasDetailedDiff: boolean;
}

/** The URN of a top-level resource of the native provider. */
export function nativeUrn(vendor: string, resource: string, name: string): string {
  return `urn:pulumi:${DEFAULT_STACK}::${DEFAULT_PROJECT}::webhooks:${vendor}:${resource}::${name}`;
}

export const secretValue = (value: unknown) => ({ [SECRET_SIG_KEY]: SECRET_SIG, value });

/** Starts the plugin from the fixture's installed package, through its `bin` entry. */
export function startNativeProvider(
  fixtureDir: string,
  options: Omit<StartHostOptions, "plugin"> = {},
): Promise<HostClient> {
  return startHost(fixtureDir, {
    ...options,
    plugin: path.join(fixtureDir, "node_modules", ".bin", "pulumi-resource-webhooks"),
  });
}

const struct = (host: HostClient, value: PropertyMap) =>
  host.modules.struct.Struct.fromJavaScript(
    value as Parameters<typeof host.modules.struct.Struct.fromJavaScript>[0],
  );

function configArgs(config: NativeConfig): PropertyMap {
  return Object.fromEntries(
    Object.entries(config).map(([vendor, keys]) => [
      vendor,
      Object.fromEntries(
        Object.entries(keys).map(([key, value]) => [
          key,
          typeof value === "string" ? value : secretValue(value.__secret),
        ]),
      ),
    ]),
  );
}

/** Configure as the engine sends it for a provider with object-valued config: `args` with secrets marked. */
export async function configureNative(
  host: HostClient,
  config: NativeConfig,
): Promise<provproto.ConfigureResponse> {
  const request = new host.modules.provider.ConfigureRequest()
    .setArgs(struct(host, configArgs(config)))
    .setAcceptsecrets(true)
    .setAcceptresources(true);
  return host.call("configure", request);
}

/** CheckConfig of the default provider: the inputs the engine would store, and what is wrong. */
export async function checkConfig(
  host: HostClient,
  news: PropertyMap,
): Promise<{ inputs: PropertyMap; failures: Array<{ property: string; reason: string }> }> {
  const request = new host.modules.provider.CheckRequest()
    .setUrn("urn:pulumi:test::p::pulumi:providers:webhooks::default")
    .setOlds(struct(host, {}))
    .setNews(struct(host, news));
  const response = await host.call<provproto.CheckResponse>("checkConfig", request);
  return {
    inputs: fromStruct(response.getInputs()),
    failures: response
      .getFailuresList()
      .map((failure) => ({ property: failure.getProperty(), reason: failure.getReason() })),
  };
}

export async function diffConfig(
  host: HostClient,
  olds: PropertyMap,
  news: PropertyMap,
): Promise<NativeDiff> {
  const request = new host.modules.provider.DiffRequest()
    .setUrn("urn:pulumi:test::p::pulumi:providers:webhooks::default")
    .setOlds(struct(host, olds))
    .setNews(struct(host, news));
  return decodeNativeDiff(host, await host.call<provproto.DiffResponse>("diffConfig", request));
}

/** Diff with the detailed diff decoded (the shared client's `diff` keeps only the changed keys). */
export async function detailedDiff(
  host: HostClient,
  id: string,
  urn: string,
  olds: PropertyMap,
  news: PropertyMap,
): Promise<NativeDiff> {
  const type = urn.split("::")[2]!;
  const request = new host.modules.provider.DiffRequest()
    .setId(id)
    .setUrn(urn)
    .setType(type)
    .setOlds(struct(host, olds))
    .setNews(struct(host, news));
  return decodeNativeDiff(host, await host.call<provproto.DiffResponse>("diff", request));
}

function decodeNativeDiff(host: HostClient, response: provproto.DiffResponse): NativeDiff {
  const { DiffChanges } = host.modules.provider.DiffResponse;
  const kindNames = Object.fromEntries(
    Object.entries(host.modules.provider.PropertyDiff.Kind).map(([name, value]) => [value, name]),
  );
  const detailed: Record<string, string> = {};
  response.getDetaileddiffMap().forEach((diff, key) => (detailed[key] = kindNames[diff.getKind()]!));
  const changes = response.getChanges();
  return {
    changes:
      changes === DiffChanges.DIFF_SOME ? "some" : changes === DiffChanges.DIFF_NONE ? "none" : "unknown",
    replaces: response.getReplacesList(),
    deleteBeforeReplace: response.getDeletebeforereplace(),
    detailed,
    hasDetailedDiff: response.getHasdetaileddiff(),
  };
}

export async function getSchema(host: HostClient): Promise<Record<string, unknown>> {
  const response = await host.call<provproto.GetSchemaResponse>(
    "getSchema",
    new host.modules.provider.GetSchemaRequest().setVersion(0),
  );
  return JSON.parse(response.getSchema()) as Record<string, unknown>;
}

export async function pluginVersion(host: HostClient): Promise<string> {
  return (
    await host.call<pluginproto.PluginInfo>("getPluginInfo", new host.modules.empty.Empty())
  ).getVersion();
}

export async function invoke(host: HostClient, token: string, args: PropertyMap): Promise<PropertyMap> {
  const response = await host.call<provproto.InvokeResponse>(
    "invoke",
    new host.modules.provider.InvokeRequest().setTok(token).setArgs(struct(host, args)),
  );
  return fromStruct(response.getReturn());
}

export async function cancel(host: HostClient): Promise<void> {
  await host.call("cancel", new host.modules.empty.Empty());
}
