/**
 * The ResourceProvider gRPC service of the `webhooks` plugin: each call decoded, handed to the configuration, the
 * resources (through the native adapter) or the functions, and its answer encoded.
 */
import type * as grpcjs from "@grpc/grpc-js";
import type * as provgrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { markSecrets, nativeResource, type NativeResource } from "../core/native-adapter";
import { unwrapSecrets } from "../core/sanitize";
import { configHandlers } from "./config-service";
import { diffResponse } from "./diff-response";
import type * as functionsModule from "./functions";
import type { ProtoModules } from "./proto";
import type { Warn } from "./engine-log";
import { RESOURCE_TABLE, type ResourceFacts, secretOutputsOf, tokenOf } from "./resource-table";
import type * as schemaModule from "./schema";
import { fromStruct, ProtocolError, statusOf, toStruct } from "./wire";

type Props = Record<string, unknown>;
/*
 * A vendor's code (and zod and undici behind it) is loaded when the plugin first serves one of its resources
 * (resource-table.ts), the functions and the schema on their first call: the engine waits for the plugin's start,
 * the first resource call waits for its vendor, and a program of one vendor never loads the other four; most runs
 * never invoke a function. The plugin runs compiled (dist/), where `require` loads each module once.
 */
const functions = () => require("./functions") as typeof functionsModule;
const schema = () => require("./schema") as typeof schemaModule;
type Handler<Request, Response> = (request: Request) => Promise<Response>;

export function providerService(
  proto: ProtoModules,
  version: string,
  warn: Warn,
): Partial<provgrpc.IResourceProviderServer> {
  const p = proto.provider;
  const config = configHandlers(proto);
  const unary =
    <Request, Response>(handler: Handler<Request, Response>) =>
    (call: grpcjs.ServerUnaryCall<Request, Response>, callback: grpcjs.sendUnaryData<Response>) =>
      void handler(call.request).then(
        (response) => callback(null, response),
        (error: unknown) => callback(statusOf(proto, error)),
      );

  const byToken = new Map(RESOURCE_TABLE.map((entry) => [tokenOf(entry), entry]));
  const resources = new Map<string, NativeResource>();
  const entryOf = (type: string, urn: string): ResourceFacts => {
    const token = type || urn.split("::")[2]?.split("$").pop() || "";
    const entry = byToken.get(token);
    if (!entry)
      throw new ProtocolError(
        proto.grpc.status.INVALID_ARGUMENT,
        `the webhooks provider has no resource type ${token}; its types are ${[...byToken.keys()].join(", ")}`,
      );
    return entry;
  };
  const resourceOf = (type: string, urn: string): NativeResource => {
    const entry = entryOf(type, urn);
    const token = tokenOf(entry);
    let resource = resources.get(token);
    if (!resource) {
      const { provider, changeKinds } = entry.load();
      resource = nativeResource({ provider, changeKinds, secretOutputs: secretOutputsOf(entry) });
      resources.set(token, resource);
    }
    return resource;
  };
  /** An import (a read from the id alone) says which outputs it could not read back. */
  const warnUnreadable = (entry: ResourceFacts, urn: string, props: Props) => {
    for (const [name, output] of Object.entries(entry.outputs))
      if (output.unreadable && props[name] === undefined) warn(urn, `${output.unreadable}.`);
  };

  let schemaText: string | undefined;

  return {
    getPluginInfo: unary(async () => new proto.plugin.PluginInfo().setVersion(version)),
    getSchema: unary(async (request: provproto.GetSchemaRequest) => {
      if (request.getVersion() !== 0)
        throw new ProtocolError(
          proto.grpc.status.INVALID_ARGUMENT,
          `unsupported schema version ${request.getVersion()}`,
        );
      schemaText ??= JSON.stringify(schema().packageSchema(version));
      return new p.GetSchemaResponse().setSchema(schemaText);
    }),
    attach: unary(async () => new proto.empty.Empty()),
    cancel: unary(async () => new proto.empty.Empty()),

    checkConfig: unary(config.checkConfig),
    diffConfig: unary(config.diffConfig),
    configure: unary(config.configure),

    check: unary(async (request: provproto.CheckRequest) => {
      const result = await resourceOf(request.getType(), request.getUrn()).check(
        fromStruct(request.getOlds()),
        fromStruct(request.getNews()),
      );
      const failures = result.failures.map((f) =>
        new p.CheckFailure().setProperty(f.property).setReason(f.reason),
      );
      return new p.CheckResponse().setInputs(toStruct(proto, result.inputs)).setFailuresList(failures);
    }),
    diff: unary(async (request: provproto.DiffRequest) =>
      diffResponse(
        proto,
        await resourceOf(request.getType(), request.getUrn()).diff(
          request.getId(),
          fromStruct(request.getOlds()),
          fromStruct(request.getNews()),
        ),
      ),
    ),
    create: unary(async (request: provproto.CreateRequest) => {
      const news = fromStruct(request.getProperties());
      if (request.getPreview()) return new p.CreateResponse().setProperties(toStruct(proto, news));
      const result = await resourceOf(request.getType(), request.getUrn()).create(request.getUrn(), news);
      return new p.CreateResponse().setId(result.id).setProperties(toStruct(proto, result.outs));
    }),
    read: unary(async (request: provproto.ReadRequest) => {
      const resource = resourceOf(request.getType(), request.getUrn());
      const stored = fromStruct(request.getProperties());
      const result = await resource.read(request.getId(), stored, fromStruct(request.getInputs()));
      if (Object.keys(stored).length === 0 && result.id)
        warnUnreadable(entryOf(request.getType(), request.getUrn()), request.getUrn(), result.props);
      return new p.ReadResponse()
        .setId(result.id)
        .setProperties(toStruct(proto, result.props))
        .setInputs(toStruct(proto, result.inputs));
    }),
    update: unary(async (request: provproto.UpdateRequest) => {
      const news = fromStruct(request.getNews());
      if (request.getPreview()) return new p.UpdateResponse().setProperties(toStruct(proto, news));
      const result = await resourceOf(request.getType(), request.getUrn()).update(
        request.getId(),
        fromStruct(request.getOlds()),
        news,
      );
      return new p.UpdateResponse().setProperties(toStruct(proto, result.outs));
    }),
    delete: unary(async (request: provproto.DeleteRequest) => {
      await resourceOf(request.getType(), request.getUrn()).delete(
        request.getId(),
        fromStruct(request.getProperties()),
      );
      return new proto.empty.Empty();
    }),

    invoke: unary(async (request: provproto.InvokeRequest) => {
      const { NATIVE_FUNCTIONS, nativeFunction } = functions();
      const fn = nativeFunction(request.getTok());
      if (!fn)
        throw new ProtocolError(
          proto.grpc.status.INVALID_ARGUMENT,
          `the webhooks provider has no function ${request.getTok()}; its functions are ${NATIVE_FUNCTIONS.map((f) => f.token).join(", ")}`,
        );
      const result = await fn.invoke(unwrapSecrets(fromStruct(request.getArgs())) as Props);
      return new p.InvokeResponse().setReturn(
        toStruct(proto, markSecrets(result, new Set(fn.secretOutputs))),
      );
    }),
  };
}
