/**
 * Warnings the engine shows beside a resource (`pulumi import` prints them): sent to the engine whose address the
 * plugin was started with. Best effort: a plugin started without a reachable engine (tests) just does not warn.
 */
import { createRequire } from "node:module";
import type * as enginegrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import type * as engineproto from "@pulumi/pulumi/proto/engine_pb";
import type { ProtoModules } from "./proto";

export type Warn = (urn: string, message: string) => void;

export function engineWarnings(proto: ProtoModules, engineAddress: string | undefined): Warn {
  if (!engineAddress) return () => undefined;
  const fromSdk = createRequire(require.resolve("@pulumi/pulumi/package.json"));
  const service = fromSdk("./proto/engine_grpc_pb") as typeof enginegrpc;
  const messages = fromSdk("./proto/engine_pb") as typeof engineproto;
  let client: enginegrpc.EngineClient | undefined;
  return (urn, message) => {
    try {
      client ??= new service.EngineClient(engineAddress, proto.grpc.credentials.createInsecure());
      client.log(
        new messages.LogRequest().setSeverity(messages.LogSeverity.WARNING).setUrn(urn).setMessage(message),
        () => undefined,
      );
    } catch {
      // Not an address a channel can be made for: nothing to warn to.
    }
  };
}
