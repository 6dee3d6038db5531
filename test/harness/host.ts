/**
 * Drives the real dynamic-provider host, `@pulumi/pulumi/cmd/dynamic-provider`, over gRPC the way the engine
 * does on `pulumi up`: spawned with cwd = the user project (so `require("pulumi-webhooks/provider")` in a
 * `__provider` resolves to the installed tarball), port read from the first stdout line, then
 * Configure and the CRUD calls. Modules come from the fixture's own @pulumi/pulumi, so there is one grpc-js
 * and one google-protobuf instance on both sides of each call.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import type * as grpcjs from "@grpc/grpc-js";
import type * as provgrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type * as pluginproto from "@pulumi/pulumi/proto/plugin_pb";
import type * as statusproto from "@pulumi/pulumi/proto/status_pb";
import type * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import type * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { type GrpcStatusModules, hostCallError } from "./host-error";
import {
  type PropertyMap,
  type HostClient,
  configureRequest,
  decodeDiff,
  fromStruct,
  identify,
} from "./host-protocol";
import { testNode, withTestNodeOnPath } from "./runtime";
import { DEFAULT_PROJECT } from "./urn";

export { HostCallError, type ResourceInitFailure } from "./host-error";
export * from "./host-protocol";
export { UNKNOWN, urnFor, dynamicTypeToken, DEFAULT_PROJECT, DEFAULT_STACK } from "./urn";

export interface StartHostOptions {
  /** Extra environment for the host (e.g. vendor credentials or base URLs); nothing else leaks in from the test run. */
  env?: Record<string, string>;
  /** `PULUMI_NODEJS_PROJECT`, which prefixes config keys given without a namespace. */
  project?: string;
  /** A provider plugin's entry script to run instead of the dynamic-provider host (e.g. the `webhooks` plugin). */
  plugin?: string;
}

/** The environment every spawned process needs; vendor credentials in the developer's shell stay out. */
const PASSED_THROUGH_ENV = ["PATH", "HOME", "TMPDIR", "LANG", "SYSTEMROOT"];
const STARTUP_LIMIT_MS = 30_000;

export interface HostModules extends GrpcStatusModules {
  grpc: typeof grpcjs;
  providerGrpc: typeof provgrpc;
  plugin: typeof pluginproto;
  empty: typeof emptyproto;
}

function loadHostModules(fixtureDir: string): { modules: HostModules; hostScript: string } {
  const fromProject = createRequire(path.join(fixtureDir, "package.json"));
  // Resolve grpc-js and google-protobuf from @pulumi/pulumi itself: the instances its generated stubs use.
  const fromSdk = createRequire(fromProject.resolve("@pulumi/pulumi/package.json"));
  const grpc = fromSdk("@grpc/grpc-js") as typeof grpcjs;
  const modules: HostModules = {
    grpc,
    codes: grpc.status as unknown as Record<string, string | number>,
    providerGrpc: fromSdk("./proto/provider_grpc_pb") as typeof provgrpc,
    provider: fromSdk("./proto/provider_pb") as typeof provproto,
    plugin: fromSdk("./proto/plugin_pb") as typeof pluginproto,
    status: fromSdk("./proto/status_pb") as typeof statusproto,
    struct: fromSdk("google-protobuf/google/protobuf/struct_pb") as typeof structproto,
    empty: fromSdk("google-protobuf/google/protobuf/empty_pb") as typeof emptyproto,
  };
  return { modules, hostScript: fromSdk.resolve("./cmd/dynamic-provider/index.js") };
}

export async function startHost(fixtureDir: string, options: StartHostOptions = {}): Promise<HostClient> {
  const loaded = loadHostModules(fixtureDir);
  const modules = loaded.modules;
  const hostScript = options.plugin ?? loaded.hostScript;
  const project = options.project ?? DEFAULT_PROJECT;
  const env: Record<string, string> = {};
  for (const key of PASSED_THROUGH_ENV) if (process.env[key] !== undefined) env[key] = process.env[key]!;
  // What the CLI's provider plugin loader sets (provider_plugin.go NewProvider); PULUMI_CONFIG holds only pulumi-nodejs:* keys.
  Object.assign(
    env,
    { PULUMI_NODEJS_PROJECT: project, PULUMI_PROJECT: project, PULUMI_CONFIG: "{}" },
    options.env,
  );

  // The host requires exactly one argument (the engine address), which it never uses.
  // On the selected runtime (PULUMI_WEBHOOKS_TEST_NODE), as the CLI starts the host with the user's `node`.
  const child = spawn(testNode(), [hostScript, "unused-engine-address"], {
    cwd: fixtureDir,
    env: withTestNodeOnPath(env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let printed = "";
  let exitCode: number | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => ((exitCode = code ?? (signal ? -1 : 0)), resolve())),
  );
  // A test that forgets close() must not leave a gRPC server running after the worker exits.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  void exited.then(() => process.removeListener("exit", killOnExit));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (printed += chunk));

  const portLine = new Promise<number>((resolve, reject) => {
    let firstLine = "";
    const timer = setTimeout(
      () => reject(new Error(`host printed no port within ${STARTUP_LIMIT_MS} ms:\n${printed}`)),
      STARTUP_LIMIT_MS,
    );
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      if (firstLine.endsWith("\n")) return void (printed += chunk);
      firstLine += chunk;
      const newline = firstLine.indexOf("\n");
      if (newline < 0) return;
      printed += firstLine.slice(newline + 1);
      firstLine = firstLine.slice(0, newline + 1);
      clearTimeout(timer);
      const parsed = Number.parseInt(firstLine, 10);
      if (Number.isInteger(parsed) && parsed > 0) resolve(parsed);
      else reject(new Error(`host's first stdout line is not a port: ${JSON.stringify(firstLine)}`));
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${exitCode} before printing its port:\n${printed}`));
    });
  });
  const port = await portLine.catch((error: unknown) => {
    child.kill("SIGKILL");
    throw error;
  });

  const client = new modules.providerGrpc.ResourceProviderClient(
    `127.0.0.1:${port}`,
    modules.grpc.credentials.createInsecure(),
  );
  const { Struct } = modules.struct;
  const toStruct = (value: PropertyMap) => {
    try {
      return Struct.fromJavaScript(value as Parameters<typeof Struct.fromJavaScript>[0]);
    } catch (error) {
      // The engine never sends undefined, BigInt and the like; a test that does has a bug of its own.
      throw new Error(
        `properties are not JSON a Struct can carry (${String(error)}): ${JSON.stringify(Object.keys(value))}`,
      );
    }
  };

  function unary<Response>(
    method: string,
    start: (done: (error: grpcjs.ServiceError | null, response: Response) => void) => void,
  ): Promise<Response> {
    return new Promise((resolve, reject) => {
      start((error, response) => (error ? reject(hostCallError(method, error, modules)) : resolve(response)));
    });
  }

  const p = modules.provider;
  return {
    port,
    pid: child.pid!,
    modules,
    call<Response>(method: string, request: unknown) {
      const invoke = (
        client as unknown as Record<
          string,
          (request: unknown, done: (error: grpcjs.ServiceError | null, response: Response) => void) => void
        >
      )[method]!;
      return unary<Response>(method, (done) => invoke.call(client, request, done));
    },
    output: () => printed,
    async waitForOutput(pattern, limitMs = 5_000) {
      const deadline = Date.now() + limitMs;
      while (!pattern.test(printed)) {
        if (Date.now() > deadline)
          throw new Error(`host never printed ${pattern} within ${limitMs} ms; it printed:\n${printed}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return printed;
    },
    exitCode: () => exitCode,

    async getPluginInfo() {
      const info = await unary<pluginproto.PluginInfo>("getPluginInfo", (done) =>
        client.getPluginInfo(new modules.empty.Empty(), done),
      );
      return { version: info.getVersion() };
    },

    async configure(config) {
      const request = configureRequest(modules, config);
      const response = await unary<provproto.ConfigureResponse>("configure", (done) =>
        client.configure(request, done),
      );
      return {
        acceptSecrets: response.getAcceptsecrets(),
        acceptResources: response.getAcceptresources(),
        acceptOutputs: response.getAcceptoutputs(),
        supportsPreview: response.getSupportspreview(),
      };
    },

    async check(urn, olds, news) {
      const request = new p.CheckRequest().setUrn(urn).setOlds(toStruct(olds)).setNews(toStruct(news));
      request.setName(identify(urn).name).setType(identify(urn).type).setRandomseed(new Uint8Array(32));
      const response = await unary<provproto.CheckResponse>("check", (done) => client.check(request, done));
      const failures = response
        .getFailuresList()
        .map((failure) => ({ property: failure.getProperty(), reason: failure.getReason() }));
      return { inputs: fromStruct(response.getInputs()), failures };
    },

    async diff(id, urn, olds, news, options = {}) {
      const request = new p.DiffRequest()
        .setId(id)
        .setUrn(urn)
        .setOlds(toStruct(olds))
        .setNews(toStruct(news));
      request
        .setName(identify(urn).name)
        .setType(identify(urn).type)
        .setIgnorechangesList(options.ignoreChanges ?? []);
      if (options.oldInputs) request.setOldInputs(toStruct(options.oldInputs));
      return decodeDiff(
        modules,
        await unary<provproto.DiffResponse>("diff", (done) => client.diff(request, done)),
      );
    },

    async create(urn, properties, options = {}) {
      const request = new p.CreateRequest()
        .setUrn(urn)
        .setProperties(toStruct(properties))
        .setPreview(options.preview ?? false);
      request.setName(identify(urn).name).setType(identify(urn).type);
      const response = await unary<provproto.CreateResponse>("create", (done) =>
        client.create(request, done),
      );
      return { id: response.getId(), properties: fromStruct(response.getProperties()) };
    },

    async read(id, urn, properties, inputs) {
      const request = new p.ReadRequest().setId(id).setUrn(urn).setProperties(toStruct(properties));
      request.setName(identify(urn).name).setType(identify(urn).type);
      if (inputs) request.setInputs(toStruct(inputs));
      const response = await unary<provproto.ReadResponse>("read", (done) => client.read(request, done));
      const returnedInputs = response.getInputs();
      return {
        id: response.getId(),
        properties: fromStruct(response.getProperties()),
        inputs: returnedInputs ? fromStruct(returnedInputs) : undefined,
      };
    },

    async update(id, urn, olds, news, options = {}) {
      const request = new p.UpdateRequest()
        .setId(id)
        .setUrn(urn)
        .setOlds(toStruct(olds))
        .setNews(toStruct(news));
      request
        .setName(identify(urn).name)
        .setType(identify(urn).type)
        .setPreview(options.preview ?? false);
      if (options.oldInputs) request.setOldInputs(toStruct(options.oldInputs));
      const response = await unary<provproto.UpdateResponse>("update", (done) =>
        client.update(request, done),
      );
      return { properties: fromStruct(response.getProperties()) };
    },

    async delete(id, urn, properties, options = {}) {
      const request = new p.DeleteRequest().setId(id).setUrn(urn).setProperties(toStruct(properties));
      request.setName(identify(urn).name).setType(identify(urn).type);
      if (options.oldInputs) request.setOldInputs(toStruct(options.oldInputs));
      await unary("delete", (done) => client.delete(request, done));
    },

    async close() {
      client.close();
      if (exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
