/**
 * The plain-JS face of the host's gRPC protocol: result shapes, and the translation of the few requests and
 * responses that are more than a Struct.
 */
import type * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type * as structproto from "google-protobuf/google/protobuf/struct_pb";
import type { HostModules } from "./host";
import type { SecretArg } from "./serialize";
import { DEFAULT_PROJECT, DEFAULT_STACK, SECRET_SIG, SECRET_SIG_KEY } from "./urn";

/** Resource properties as they travel in a `google.protobuf.Struct` (JSON values only: no undefined). */
export type PropertyMap = Record<string, unknown>;

/** Stack config for Configure: namespaced keys (`erzycall:apiKey`); wrap a value with `secretArg` for `--secret`. */
export type StackConfig = Record<string, string | SecretArg<string>>;

export interface ConfigureResult {
  /** Always false for the Node host: the engine then sends plain values and re-marks secret outputs itself. */
  acceptSecrets: boolean;
  acceptResources: boolean;
  acceptOutputs: boolean;
  /** False: the engine never calls Create/Update during preview, it echoes the inputs. */
  supportsPreview: boolean;
}

export interface CheckResult {
  inputs: PropertyMap;
  failures: Array<{ property: string; reason: string }>;
}

export interface DiffResult {
  /** The DiffResponse enum: the host maps `changes: true/false/undefined` to "some"/"none"/"unknown". */
  changes: "some" | "none" | "unknown";
  replaces: string[];
  /** Always empty from the Node host (it drops `stables`); kept to assert exactly that. */
  stables: string[];
  deleteBeforeReplace: boolean;
  /** Always empty / false from the Node host: a dynamic diff has no detailed diff. */
  changedKeys: string[];
  hasDetailedDiff: boolean;
}

export interface DiffOptions {
  oldInputs?: PropertyMap;
  ignoreChanges?: string[];
}

export interface HostClient {
  /** The loopback port the host printed. */
  readonly port: number;
  /** The host's process id (for /proc CPU and memory figures in `npm run bench`). */
  readonly pid: number;
  /** The protocol modules of the fixture's @pulumi/pulumi, to build requests `call` sends. */
  readonly modules: HostModules;
  /** Any unary method of the provider service by its client name (`getSchema`, `invoke`, ...): the raw response. */
  call<Response>(method: string, request: unknown): Promise<Response>;
  getPluginInfo(): Promise<{ version: string }>;
  /** The engine's Configure for the default `pulumi-nodejs` provider: the whole stack config. Call it first. */
  configure(config: StackConfig): Promise<ConfigureResult>;
  check(urn: string, olds: PropertyMap, news: PropertyMap): Promise<CheckResult>;
  /** `olds` are the old *outputs*, `news` the checked new inputs. */
  diff(
    id: string,
    urn: string,
    olds: PropertyMap,
    news: PropertyMap,
    options?: DiffOptions,
  ): Promise<DiffResult>;
  create(
    urn: string,
    properties: PropertyMap,
    options?: { preview?: boolean },
  ): Promise<{ id: string; properties: PropertyMap }>;
  /**
   * Refresh sends the stored outputs as `properties` and the stored inputs as `inputs`. The host runs the
   * `__provider` found in `properties` and hands the provider only `(id, properties)`. `inputs` in the result is
   * undefined unless the provider returned some (then `__provider` is added to them).
   */
  read(
    id: string,
    urn: string,
    properties: PropertyMap,
    inputs?: PropertyMap,
  ): Promise<{ id: string; properties: PropertyMap; inputs: PropertyMap | undefined }>;
  update(
    id: string,
    urn: string,
    olds: PropertyMap,
    news: PropertyMap,
    options?: { oldInputs?: PropertyMap; preview?: boolean },
  ): Promise<{ properties: PropertyMap }>;
  /** Runs the `__provider` in the stored outputs (`properties`), not the program's current one. */
  delete(
    id: string,
    urn: string,
    properties: PropertyMap,
    options?: { oldInputs?: PropertyMap },
  ): Promise<void>;
  /** Everything the host printed except the port line (stdout then stderr, as it arrived): for secret-hygiene checks. */
  output(): string;
  /**
   * Resolves with everything printed once it matches `pattern`. The host's stdout arrives through a pipe, so a line a
   * call printed may land after the call's gRPC answer; wait for it instead of reading `output()` at once.
   */
  waitForOutput(pattern: RegExp, limitMs?: number): Promise<string>;
  /** The host's exit code, or null while it runs. */
  exitCode(): number | null;
  /** Closes the channel and stops the host. */
  close(): Promise<void>;
}

/** The engine's provider reference for the default provider that serves every dynamic resource. */
const DEFAULT_PROVIDER_TYPE = "pulumi:providers:pulumi-nodejs";

export function fromStruct(struct: structproto.Struct | undefined): PropertyMap {
  return (struct?.toJavaScript() ?? {}) as PropertyMap;
}

/** Name and type from a URN (`urn:pulumi:stack::project::[parent$]type::name`), as the engine fills them in. */
export function identify(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  if (parts.length < 4) throw new Error(`not a URN: ${urn}`);
  const qualifiedType = parts[2]!;
  return { type: qualifiedType.slice(qualifiedType.lastIndexOf("$") + 1), name: parts.slice(3).join("::") };
}

interface ConfigureModules {
  provider: typeof provproto;
  struct: typeof structproto;
}

/**
 * What the engine sends (provider_plugin.go Configure): `args` with secrets still marked (the engine marshals
 * with KeepSecrets, and the host unwraps them), the legacy `variables` map of plain strings, and the
 * capabilities it supports. The host reads only `args`.
 */
export function configureRequest(modules: ConfigureModules, config: StackConfig): provproto.ConfigureRequest {
  const args: Record<string, unknown> = {};
  const request = new modules.provider.ConfigureRequest();
  const variables = request.getVariablesMap();
  for (const [key, value] of Object.entries(config)) {
    const plain = typeof value === "string" ? value : value.__secret;
    args[key] = typeof value === "string" ? value : { [SECRET_SIG_KEY]: SECRET_SIG, value: plain };
    variables.set(key, plain);
  }
  request
    .setArgs(
      modules.struct.Struct.fromJavaScript(
        args as Parameters<typeof modules.struct.Struct.fromJavaScript>[0],
      ),
    )
    .setAcceptsecrets(true)
    .setAcceptresources(true)
    .setSendsOldInputs(true)
    .setSendsOldInputsToDelete(true);
  // The provider's own urn/name/type joined ConfigureRequest after 3.139.0; an SDK whose protobufs predate them
  // drops them as unknown fields on the wire, so they are left out when its classes lack the setters.
  if (typeof request.setUrn === "function") {
    request
      .setUrn(`urn:pulumi:${DEFAULT_STACK}::${DEFAULT_PROJECT}::${DEFAULT_PROVIDER_TYPE}::default`)
      .setName("default")
      .setType(DEFAULT_PROVIDER_TYPE);
  }
  return request;
}

export function decodeDiff(
  modules: { provider: typeof provproto },
  response: provproto.DiffResponse,
): DiffResult {
  const { DiffChanges } = modules.provider.DiffResponse;
  const changes = response.getChanges();
  return {
    changes:
      changes === DiffChanges.DIFF_SOME ? "some" : changes === DiffChanges.DIFF_NONE ? "none" : "unknown",
    replaces: response.getReplacesList(),
    stables: response.getStablesList(),
    deleteBeforeReplace: response.getDeletebeforereplace(),
    changedKeys: response.getDiffsList(),
    hasDetailedDiff: response.getHasdetaileddiff(),
  };
}
