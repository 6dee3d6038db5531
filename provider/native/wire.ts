/** Values and errors as they cross the gRPC boundary. */
import type * as grpcjs from "@grpc/grpc-js";
import type * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { oneLine, ResourceInitError } from "../core/errors";
import { redact } from "../core/redact";
import { toHostObject } from "../core/sanitize";
import type { ProtoModules } from "./proto";

type Props = Record<string, unknown>;

export function fromStruct(struct: structproto.Struct | undefined): Props {
  return (struct?.toJavaScript() ?? {}) as Props;
}

export function toStruct(proto: ProtoModules, props: Props): structproto.Struct {
  return proto.struct.Struct.fromJavaScript(
    toHostObject(props) as Parameters<typeof proto.struct.Struct.fromJavaScript>[0],
  );
}

/** An error the engine shows as it is: one line, with no secret in it. */
export class ProtocolError extends Error {
  constructor(
    readonly code: grpcjs.status,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The gRPC status of a failed call. A partial failure (the object exists but did not finish) carries its id and
 * properties in `ErrorResourceInitFailed`, so the engine keeps it in state.
 */
export function statusOf(proto: ProtoModules, error: unknown): Partial<grpcjs.StatusObject> {
  const message = redact(oneLine(error instanceof Error ? error.message : String(error)));
  if (error instanceof ProtocolError) return { code: error.code, details: message };
  const metadata = new proto.grpc.Metadata();
  if (error instanceof ResourceInitError) {
    const detail = new proto.provider.ErrorResourceInitFailed();
    detail.setId(error.id).setProperties(toStruct(proto, error.properties)).setReasonsList(error.reasons);
    const packed = new proto.any.Any();
    packed.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new proto.status.Status().setCode(proto.grpc.status.UNKNOWN).setMessage(message);
    status.addDetails(packed);
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
  }
  return { code: proto.grpc.status.UNKNOWN, details: message, metadata };
}
