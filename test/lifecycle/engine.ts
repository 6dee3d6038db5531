/**
 * The lifecycle runner: `preview`, `up`, `refresh` and `destroy` of a real example program, with every dynamic
 * resource sent through the real dynamic-provider host over gRPC, and the stack state kept between steps.
 *
 * Each step starts a fresh host (as each CLI run starts the plugin) and configures it with the whole stack
 * config; the program runs in a child process whose registrations go through the engine model
 * (test/harness/engine-model.ts, which lists what it covers, what it does not, and the real-CLI tests for that).
 * `preview` plans every step and runs none. Resources in state that the program no longer declares are deleted
 * after it finishes, in reverse registration order, after the old objects of replacements; when a step failed
 * those stay pending and are deleted at the start of the next `up`. Outputs are secret when named in
 * `additionalSecretOutputs` or when the input of the same name was secret; the saved state encrypts them.
 * Component resources are passed through; only dynamic resources are run.
 */
import { fork } from "node:child_process";
import * as path from "node:path";
import {
  deleteStored,
  Deployment,
  HostCallError,
  refreshStored,
  startHost,
  testNode,
  type HostClient,
  type PlannedStep,
  type PropertyMap,
  type StackConfig,
  type StoredResource,
} from "../harness";
import { DEFAULT_STACK, SECRET_SIG, SECRET_SIG_KEY } from "../harness/urn";
import type { Program } from "./program";
import { StackState, type ResourceRecord } from "./state";

const CHILD_SCRIPT = path.join(__dirname, "program-child.cjs");

export type OperationKind =
  | "create"
  | "update"
  | "replace"
  | "delete"
  | "same"
  | "refresh-same"
  | "refresh-drift"
  | "refresh-gone";

export interface Operation {
  urn: string;
  kind: OperationKind;
}

export interface StackOutput {
  value: unknown;
  known: boolean;
  secret: boolean;
}

export interface StepResult {
  operations: Operation[];
  /** Stack outputs (not for refresh and destroy). */
  outputs: Record<string, StackOutput>;
}

export interface LifecycleOptions {
  fixtureDir: string;
  program: Program;
  /** Stack config beyond the program's defaults: vendor credentials and base URLs, program settings. */
  config: StackConfig;
  /** Extra environment for the host (the provider process). */
  hostEnv?: Record<string, string>;
}

interface Registration {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  object: PropertyMap;
  additionalSecretOutputs: string[];
  /** The resource option, when the program set it. */
  deleteBeforeReplace?: boolean;
}

type Mode = "preview" | "up";

function isSecretWrapper(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as PropertyMap)[SECRET_SIG_KEY] === SECRET_SIG;
}

function unwrapSecrets(value: unknown): unknown {
  if (isSecretWrapper(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, unwrapSecrets(item)]));
  return value;
}

const KIND_OF_REFRESH = { same: "refresh-same", drift: "refresh-drift", gone: "refresh-gone" } as const;

function containsSecret(value: unknown): boolean {
  if (isSecretWrapper(value)) return true;
  if (Array.isArray(value)) return value.some(containsSecret);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsSecret);
  return false;
}

function markSecrets(properties: PropertyMap, keys: string[]): PropertyMap {
  const marked: PropertyMap = { ...properties };
  for (const key of keys)
    if (marked[key] !== undefined) marked[key] = { [SECRET_SIG_KEY]: SECRET_SIG, value: marked[key] };
  return marked;
}

function plainConfig(config: StackConfig): { values: Record<string, string>; secretKeys: string[] } {
  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (typeof value === "string") values[key] = value;
    else {
      values[key] = value.__secret;
      secretKeys.push(key);
    }
  }
  return { values, secretKeys };
}

/** The host, with the text of every failed call added to `errors` (the engine prints each one). */
function recordingErrors(host: HostClient, errors: string[]): HostClient {
  return new Proxy(host, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args);
        if (!(result instanceof Promise)) return result;
        return result.catch((error: unknown) => {
          const reasons = error instanceof HostCallError ? (error.initFailure?.reasons ?? []) : [];
          errors.push([error instanceof Error ? error.message : String(error), ...reasons].join("\n"));
          throw error;
        });
      };
    },
  });
}

/** Runs a step's failure text through this, so tests see which resource failed and why. */
export class StepError extends Error {
  constructor(
    message: string,
    readonly operations: Operation[],
  ) {
    super(message);
    this.name = "StepError";
  }
}

export class Lifecycle {
  readonly state = new StackState();
  /** Everything every host and every program run printed, across steps: for secret-hygiene assertions. */
  printed = "";
  /**
   * Every error text the engine saw, across steps: each failed host call (with a partial failure's reasons), each
   * failed step, and each partial failure a refresh read (the engine warns of those).
   */
  readonly errors: string[] = [];
  /** Stack outputs not held secret, as every step returned them. */
  readonly publicOutputs: unknown[] = [];
  /** Old objects of replacements not deleted yet (after a failed `up`, until the next one). */
  private readonly pendingDeletes: ResourceRecord[] = [];
  config: StackConfig;

  constructor(private readonly options: LifecycleOptions) {
    this.config = { ...options.program.configDefaults, ...options.config };
  }

  preview(): Promise<StepResult> {
    return this.deploy("preview");
  }

  up(): Promise<StepResult> {
    return this.deploy("up");
  }

  async refresh(): Promise<StepResult> {
    return this.withHost(async (host, operations) => {
      await Promise.all(
        this.state.resources.map(async (record) => {
          const refreshed = await refreshStored(host, record.urn, record, this.errors);
          if (refreshed.stored) this.state.set(this.recordOf(record, refreshed.stored));
          else this.state.remove(record.urn);
          operations.push({ urn: record.urn, kind: KIND_OF_REFRESH[refreshed.kind] });
        }),
      );
      return {};
    });
  }

  async destroy(): Promise<StepResult> {
    return this.withHost(async (host, operations) => {
      for (const record of this.state.resources.reverse()) {
        await deleteStored(host, record.urn, record);
        this.state.remove(record.urn);
        operations.push({ urn: record.urn, kind: "delete" });
      }
      return {};
    });
  }

  /** The record for `stored`, keeping what the engine knows of the resource beyond the provider's answer. */
  private recordOf(
    base: Pick<ResourceRecord, "urn" | "type" | "secretKeys" | "secretInputKeys">,
    stored: StoredResource,
  ): ResourceRecord {
    const { urn, type, secretKeys, secretInputKeys } = base;
    return { urn, type, secretKeys, secretInputKeys, ...stored };
  }

  private async deploy(mode: Mode): Promise<StepResult> {
    return this.withHost(async (host, operations) => {
      // The old objects of replacements a failed `up` left: the engine deletes them first.
      if (mode === "up") await this.deletePending(host);
      const deployment = new Deployment(host);
      const registered = new Set<string>();
      const outputs = await this.runProgram(mode, (registration) =>
        this.register(deployment, mode, registration, registered, operations),
      );
      const leftovers = this.state.resources.filter((record) => !registered.has(record.urn)).reverse();
      for (const record of leftovers) operations.push({ urn: record.urn, kind: "delete" });
      if (mode === "preview") return outputs;
      await this.deletePending(host);
      for (const record of leftovers) {
        await deleteStored(host, record.urn, record);
        this.state.remove(record.urn);
      }
      return outputs;
    });
  }

  private async deletePending(host: HostClient): Promise<void> {
    while (this.pendingDeletes.length) {
      const record = this.pendingDeletes[0]!;
      await deleteStored(host, record.urn, record);
      this.pendingDeletes.shift();
    }
  }

  private async register(
    deployment: Deployment,
    mode: Mode,
    registration: Registration,
    registered: Set<string>,
    operations: Operation[],
  ): Promise<{ id: string; outputs: PropertyMap }> {
    const { urn, type } = registration;
    if (!registration.custom) return { id: "", outputs: registration.object };
    if (!type.startsWith("pulumi-nodejs:dynamic/"))
      throw new Error(`${urn}: the lifecycle runner only runs dynamic resources`);
    registered.add(urn);
    const secretInputKeys = Object.keys(registration.object).filter((key) =>
      containsSecret(registration.object[key]),
    );
    const secretKeys = [...new Set([...registration.additionalSecretOutputs, ...secretInputKeys])];
    const base = { urn, type, secretKeys, secretInputKeys };
    const model = {
      urn,
      old: this.state.get(urn),
      news: unwrapSecrets(registration.object) as PropertyMap,
      deleteBeforeReplace: registration.deleteBeforeReplace,
    };
    const answer = (stored: StoredResource) => ({
      id: stored.id,
      outputs: markSecrets(stored.outputs, secretKeys),
    });
    // A preview answers an unchanged resource with what the state holds, any other with its planned inputs.
    const planned = (step: PlannedStep) => {
      operations.push({ urn, kind: step.kind });
      if (step.kind === "same" && model.old) return answer(model.old);
      return answer({ id: "", inputs: step.inputs, outputs: step.inputs });
    };
    if (mode === "preview") return planned(await deployment.plan(model));
    const { stored } = await deployment.register(
      model,
      {
        set: (next) => (next ? this.state.set(this.recordOf(base, next)) : this.state.remove(urn)),
        condemn: (old) => void this.pendingDeletes.push(this.recordOf(base, old)),
      },
      (step) => void operations.push({ urn, kind: step.kind }),
    );
    return answer(stored);
  }

  /** Runs the program in a child process, answering its registrations; resolves with its stack outputs. */
  private runProgram(
    mode: Mode,
    onRegister: (registration: Registration) => Promise<{ id: string; outputs: PropertyMap }>,
  ): Promise<Record<string, StackOutput>> {
    const { values, secretKeys } = plainConfig(this.config);
    const run = {
      program: this.options.program.entry,
      project: this.options.program.project,
      stack: DEFAULT_STACK,
      preview: mode === "preview",
    };
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      PULUMI_CONFIG: JSON.stringify(values),
      PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(secretKeys),
      PULUMI_WEBHOOKS_PROGRAM_RUN: JSON.stringify(run),
    };
    const child = fork(CHILD_SCRIPT, [], {
      cwd: this.options.fixtureDir,
      env,
      execPath: testNode(),
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    let printed = "";
    const print = (chunk: string) => {
      printed += chunk;
      this.printed += chunk;
    };
    child.stdout?.setEncoding("utf8").on("data", print);
    child.stderr?.setEncoding("utf8").on("data", print);
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        outcome();
      };
      // Like the engine, a failed program still lets the steps already running finish and be recorded.
      const running = new Set<Promise<unknown>>();
      const afterRunning = (outcome: () => void) =>
        void Promise.allSettled([...running]).then(() => settle(outcome));
      // A program that already failed is gone: there is no one left to answer, so a lost reply is no error.
      const reply = (payload: object) => void (child.connected && child.send(payload, () => undefined));
      child.on(
        "message",
        (
          message: {
            kind: string;
            requestId?: number;
            outputs?: Record<string, StackOutput>;
            error?: string;
          } & Registration,
        ) => {
          if (message.kind === "register") {
            const registering = onRegister(message).then(
              (result) => reply({ requestId: message.requestId, ...result }),
              (error: unknown) =>
                reply({
                  requestId: message.requestId,
                  error: error instanceof Error ? error.message : String(error),
                }),
            );
            running.add(registering);
            void registering.finally(() => running.delete(registering));
          } else if (message.kind === "done") {
            settle(() => resolve(message.outputs ?? {}));
          } else if (message.kind === "failed") {
            afterRunning(() => reject(new Error(`the program failed: ${message.error}`)));
          }
        },
      );
      child.on("exit", (code) =>
        afterRunning(() =>
          reject(new Error(`the program exited with ${code} before finishing:\n${printed}`)),
        ),
      );
    });
  }

  private async withHost(
    step: (host: HostClient, operations: Operation[]) => Promise<Record<string, StackOutput>>,
  ): Promise<StepResult> {
    const host = await startHost(this.options.fixtureDir, { env: this.options.hostEnv });
    const operations: Operation[] = [];
    try {
      await host.configure(this.config);
      const outputs = await step(recordingErrors(host, this.errors), operations);
      this.publicOutputs.push(
        Object.fromEntries(Object.entries(outputs).filter(([, output]) => !output.secret)),
      );
      return { operations, outputs };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.errors.push(message);
      throw new StepError(message, operations);
    } finally {
      await host.close();
      this.printed += host.output();
    }
  }
}
