/**
 * How a failed host call reaches the engine. Create and Update errors go through the host's
 * `grpcResponseFromError`: always code UNKNOWN with the error's message, and, when the thrown Error carried an
 * `id`, a `google.rpc.Status` in the `grpc-status-details-bin` trailer whose detail packs
 * `pulumirpc.ErrorResourceInitFailed {id, properties, reasons}` — the engine then keeps the resource in state
 * as partially created. Every other method just passes the Error to the callback (UNKNOWN, message only).
 */
import type { ServiceError } from "@grpc/grpc-js";
import type * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type * as statusproto from "@pulumi/pulumi/proto/status_pb";
import type * as structproto from "google-protobuf/google/protobuf/struct_pb";

/** What the engine records for a resource that was created but failed to initialize. */
export interface ResourceInitFailure {
  id: string;
  properties: Record<string, unknown>;
  reasons: string[];
}

export interface GrpcStatusModules {
  status: typeof statusproto;
  provider: typeof provproto;
  struct: typeof structproto;
  /** grpc-js `status` enum, to name codes in messages. */
  codes: Record<string, string | number>;
}

const INIT_FAILED_TYPE = "pulumirpc.ErrorResourceInitFailed";

export class HostCallError extends Error {
  constructor(
    /** The gRPC method, e.g. "create". */
    readonly method: string,
    /** The gRPC status code (2 = UNKNOWN for anything a provider throws). */
    readonly code: number,
    readonly codeName: string,
    /** The error's message as the engine sees it (gRPC `details`). */
    readonly details: string,
    /** Present only for partial failures: the thrown Error had `id`, `properties` and `reasons`. */
    readonly initFailure: ResourceInitFailure | undefined,
  ) {
    super(`host ${method} failed with ${codeName}: ${details}`);
    this.name = "HostCallError";
  }
}

function decodeInitFailure(error: ServiceError, modules: GrpcStatusModules): ResourceInitFailure | undefined {
  const [encoded] = error.metadata?.get("grpc-status-details-bin") ?? [];
  if (encoded === undefined) return undefined;
  const bytes = typeof encoded === "string" ? Buffer.from(encoded, "base64") : encoded;
  const status = modules.status.Status.deserializeBinary(new Uint8Array(bytes));
  for (const detail of status.getDetailsList()) {
    if (detail.getTypeName() !== INIT_FAILED_TYPE) continue;
    const failure = modules.provider.ErrorResourceInitFailed.deserializeBinary(detail.getValue_asU8());
    return {
      id: failure.getId(),
      properties: (failure.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
      reasons: failure.getReasonsList(),
    };
  }
  return undefined;
}

export function hostCallError(
  method: string,
  error: ServiceError,
  modules: GrpcStatusModules,
): HostCallError {
  const codeName = String(modules.codes[error.code] ?? error.code);
  return new HostCallError(method, error.code, codeName, error.details, decodeInitFailure(error, modules));
}
