/**
 * The gRPC runtime and protocol bindings of the installed @pulumi/pulumi: its generated stubs, and the grpc-js and
 * google-protobuf instances they were generated against (one instance on both sides of every message).
 */
import { createRequire } from "node:module";
import type * as grpcjs from "@grpc/grpc-js";
import type * as provgrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type * as pluginproto from "@pulumi/pulumi/proto/plugin_pb";
import type * as statusproto from "@pulumi/pulumi/proto/status_pb";
import type * as anyproto from "google-protobuf/google/protobuf/any_pb";
import type * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import type * as structproto from "google-protobuf/google/protobuf/struct_pb";

export interface ProtoModules {
  grpc: typeof grpcjs;
  service: typeof provgrpc;
  provider: typeof provproto;
  plugin: typeof pluginproto;
  status: typeof statusproto;
  any: typeof anyproto;
  empty: typeof emptyproto;
  struct: typeof structproto;
}

export function loadProto(): ProtoModules {
  const fromSdk = createRequire(require.resolve("@pulumi/pulumi/package.json"));
  return {
    grpc: fromSdk("@grpc/grpc-js"),
    service: fromSdk("./proto/provider_grpc_pb"),
    provider: fromSdk("./proto/provider_pb"),
    plugin: fromSdk("./proto/plugin_pb"),
    status: fromSdk("./proto/status_pb"),
    any: fromSdk("google-protobuf/google/protobuf/any_pb"),
    empty: fromSdk("google-protobuf/google/protobuf/empty_pb"),
    struct: fromSdk("google-protobuf/google/protobuf/struct_pb"),
  };
}
