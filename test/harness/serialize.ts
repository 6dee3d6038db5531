/**
 * What a user's program sends the engine for a resource: run `new (require("pulumi-webhooks"))[module][resource]`
 * in a child `node` inside the fixture project, under Pulumi mocks, and read back the RegisterResource request.
 * Its `__provider` is the exact text the host will `requireFromString` on `pulumi up`.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { testNode, withTestNodeOnPath } from "./runtime";
import { DEFAULT_PROJECT, DEFAULT_STACK, SECRET_SIG, SECRET_SIG_KEY } from "./urn";

const RESULT_MARKER = "@@serialized@@";
const CHILD_SCRIPT = path.join(__dirname, "serialize-child.cjs");

/** In `args`, `{ __secret: value }` becomes `pulumi.secret(value)` in the program. */
export interface SecretArg<T = unknown> {
  __secret: T;
}

export function secretArg<T>(value: T): SecretArg<T> {
  return { __secret: value };
}

export interface ResourceSpec {
  /** Vendor namespace exported by the package, e.g. "erzycall". */
  module: string;
  /** Resource class in that namespace, e.g. "Webhook". */
  resource: string;
  name: string;
  /** JSON args as the program passes them; wrap secrets with `secretArg`. */
  args: Record<string, unknown>;
}

export interface SerializedResource {
  /** The full type token, e.g. `pulumi-nodejs:dynamic/erzycall:Webhook`. */
  type: string;
  /** The URN the engine would assign (mock project/stack, defaults of `urnFor`). */
  urn: string;
  /** The serialized provider, the `__provider` input stored in state. */
  providerText: string;
  /** From the RegisterResource request (mocks never show options to `newResource`, pulumi/pulumi#14421). */
  additionalSecretOutputs: string[];
  /**
   * The inputs as the engine passes them to the host's Check as `news` (plain values, `__provider` included):
   * the host declares acceptSecrets=false, so the engine strips secret markers before every CRUD call.
   */
  inputs: Record<string, unknown>;
  /** Dotted paths of the inputs that were secret in the program (`__provider` if the closure captured a secret). */
  secretInputPaths: string[];
  /** `process.version` of the program that serialized it (the harness's selected runtime). */
  nodeVersion: string;
}

interface ChildResult {
  error?: string;
  results?: Array<{
    type: string;
    urn: string;
    object: Record<string, unknown>;
    additionalSecretOutputs: string[];
  }>;
  nodeVersion?: string;
}

function isSecretWrapper(value: unknown): value is { value: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SECRET_SIG_KEY] === SECRET_SIG
  );
}

/** Removes secret markers, recording where they were, as the engine does before calling a provider that refuses secrets. */
function unwrapSecrets(value: unknown, at: string, secretPaths: string[]): unknown {
  if (isSecretWrapper(value)) {
    secretPaths.push(at);
    return unwrapSecrets(value.value, at, []);
  }
  if (Array.isArray(value))
    return value.map((item, index) =>
      unwrapSecrets(item, at ? `${at}.${index}` : String(index), secretPaths),
    );
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [
        key,
        unwrapSecrets(item, at ? `${at}.${key}` : key, secretPaths),
      ]),
    );
  }
  return value;
}

export interface SerializeOptions {
  /** Extra environment for the program, e.g. a sentinel credential that must never reach `__provider`. */
  env?: Record<string, string>;
}

function runChild(fixtureDir: string, request: string, options: SerializeOptions): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      testNode(),
      [CHILD_SCRIPT],
      {
        cwd: fixtureDir,
        maxBuffer: 64 * 1024 * 1024,
        env: withTestNodeOnPath({ ...process.env, ...options.env }),
      },
      (error, stdout, stderr) => {
        const line = stdout.split("\n").find((candidate) => candidate.startsWith(RESULT_MARKER));
        if (line) return resolve(JSON.parse(line.slice(RESULT_MARKER.length)) as ChildResult);
        reject(
          new Error(
            `serializing in ${fixtureDir} failed: ${error?.message ?? "no result"}\n${stdout}${stderr}`,
          ),
        );
      },
    );
    child.stdin?.end(request);
  });
}

/** Serializes several resources in one program run (one process start for the lot). */
export async function serializeResources(
  fixtureDir: string,
  specs: ResourceSpec[],
  options: SerializeOptions = {},
): Promise<SerializedResource[]> {
  const request = JSON.stringify({ project: DEFAULT_PROJECT, stack: DEFAULT_STACK, resources: specs });
  const outcome = await runChild(fixtureDir, request, options);
  if (outcome.error !== undefined || !outcome.results) {
    throw new Error(
      `constructing ${specs.map((s) => `${s.module}.${s.resource}`).join(", ")} failed: ${outcome.error}`,
    );
  }
  return outcome.results.map((registered) => {
    const secretInputPaths: string[] = [];
    const inputs = unwrapSecrets(registered.object, "", secretInputPaths) as Record<string, unknown>;
    const providerText = inputs.__provider;
    if (typeof providerText !== "string")
      throw new Error(`${registered.urn} was registered without a __provider string`);
    return {
      type: registered.type,
      urn: registered.urn,
      providerText,
      additionalSecretOutputs: registered.additionalSecretOutputs,
      inputs,
      secretInputPaths,
      nodeVersion: outcome.nodeVersion ?? "",
    };
  });
}

export async function serializeResource(
  fixtureDir: string,
  spec: ResourceSpec,
  options: SerializeOptions = {},
): Promise<SerializedResource> {
  const [serialized] = await serializeResources(fixtureDir, [spec], options);
  return serialized!;
}
