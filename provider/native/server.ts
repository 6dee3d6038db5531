import type * as grpcjs from "@grpc/grpc-js";
import { engineWarnings } from "./engine-log";
import { loadProto } from "./proto";
import { providerService } from "./service";

/** 400 MB, as @pulumi/pulumi's own servers allow: a large state must not fail on message size. */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

export interface RunningServer {
  port: number;
  stop(): Promise<void>;
}

/** Serves the `webhooks` provider on a free loopback port; warnings go to the engine at `engineAddress`. */
export async function serve(version: string, engineAddress: string | undefined): Promise<RunningServer> {
  const proto = loadProto();
  const server = new proto.grpc.Server({ "grpc.max_receive_message_length": MAX_MESSAGE_BYTES });
  // Methods left out (Construct, Call, Parameterize, ...) are answered UNIMPLEMENTED by grpc-js.
  server.addService(
    proto.service.ResourceProviderService,
    providerService(
      proto,
      version,
      engineWarnings(proto, engineAddress),
    ) as grpcjs.UntypedServiceImplementation,
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", proto.grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return { port, stop: () => new Promise((resolve) => server.tryShutdown(() => resolve())) };
}
