/**
 * The lifecycle runner: `preview`, `up`, `refresh` and `destroy` of a real example program, with every dynamic
 * resource sent through the real dynamic-provider host over gRPC, and the stack state kept between steps.
 *
 * What it models, following the engine: each step starts a fresh host (as each CLI run starts the plugin) and
 * configures it with the whole stack config. For each registration: Check (olds = stored inputs), then for a new
 * resource Create, else Diff against the stored outputs and Update, or Replace (create the new one, delete the old
 * one after the program finishes; delete first when the provider or the resource option says
 * `deleteBeforeReplace`). Resources in state that the program no longer declares are deleted after it finishes,
 * in reverse registration order. `preview` runs Check and Diff only and writes nothing. `refresh` runs Read for
 * every stored resource; one read as gone (empty id) leaves the state. A partial failure (ErrorResourceInitFailed)
 * keeps the half-made resource in state with the properties it reported, and the next `up` updates it even when
 * Diff finds no change (the engine's step generator does the same). Outputs are secret when named in
 * `additionalSecretOutputs` or when the input of the same name was secret; the saved state encrypts them.
 *
 * What it does not model: component resources beyond passing their registration through, explicit providers,
 * dependency ordering between registrations (the runner processes them as they arrive, which for dynamic
 * resources with no dependencies is what the engine does), `ignoreChanges`, `protect`, aliases, imports,
 * retain-on-delete, targeted runs, parallelism limits, and the engine's own input diff for a provider answering
 * "unknown" (every resource of this package diffs itself, so such an answer is reported as an error).
 *
 * Checked against the real CLI (test/cli, the judge): the same examples give the same operations there. Engine
 * behaviour seen only there, and not modelled here: `--replace` forces a replacement without calling Diff (the
 * provider hears of the old resource only through Check's olds); `--target`, `--refresh` and `preview --refresh`;
 * a killed `up` leaves pending operations that `refresh --clear-pending-creates` drops; the default provider's
 * inputs hold the whole stack config, so credentials set as stack config reach the state (encrypted).
 */
import { fork } from "node:child_process";
import * as path from "node:path";
import {
  HostCallError,
  startHost,
  testNode,
  type HostClient,
  type PropertyMap,
  type StackConfig,
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
  deleteBeforeReplace: boolean;
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
  /** Every error text the engine saw, across steps: each failed host call (with a partial failure's reasons) and each failed step. */
  readonly errors: string[] = [];
  /** Stack outputs not held secret, as every step returned them. */
  readonly publicOutputs: unknown[] = [];
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
          const read = await host.read(record.id, record.urn, record.outputs, record.inputs);
          if (read.id === "") {
            this.state.remove(record.urn);
            operations.push({ urn: record.urn, kind: "refresh-gone" });
            return;
          }
          const drifted = JSON.stringify(read.properties) !== JSON.stringify(record.outputs);
          this.state.set({
            ...record,
            id: read.id,
            outputs: read.properties,
            inputs: read.inputs ?? record.inputs,
          });
          operations.push({ urn: record.urn, kind: drifted ? "refresh-drift" : "refresh-same" });
        }),
      );
      return {};
    });
  }

  async destroy(): Promise<StepResult> {
    return this.withHost(async (host, operations) => {
      for (const record of this.state.resources.reverse()) {
        await host.delete(record.id, record.urn, record.outputs, { oldInputs: record.inputs });
        this.state.remove(record.urn);
        operations.push({ urn: record.urn, kind: "delete" });
      }
      return {};
    });
  }

  private async deploy(mode: Mode): Promise<StepResult> {
    return this.withHost(async (host, operations) => {
      const registered = new Set<string>();
      const replaced: ResourceRecord[] = [];
      const outputs = await this.runProgram(mode, (registration) =>
        this.register(host, mode, registration, registered, replaced, operations),
      );
      const leftovers = [
        ...replaced,
        ...this.state.resources.filter((record) => !registered.has(record.urn)).reverse(),
      ];
      for (const record of leftovers) {
        if (!replaced.includes(record)) operations.push({ urn: record.urn, kind: "delete" });
        if (mode === "preview") continue;
        await host.delete(record.id, record.urn, record.outputs, { oldInputs: record.inputs });
        if (!replaced.includes(record)) this.state.remove(record.urn);
      }
      return outputs;
    });
  }

  private async register(
    host: HostClient,
    mode: Mode,
    registration: Registration,
    registered: Set<string>,
    replaced: ResourceRecord[],
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
    const news = unwrapSecrets(registration.object) as PropertyMap;
    const old = this.state.get(urn);

    const checked = await host.check(urn, old?.inputs ?? {}, news);
    if (checked.failures.length) {
      throw new Error(
        `${urn}: ${checked.failures.map((failure) => `${failure.property}: ${failure.reason}`).join("; ")}`,
      );
    }
    const record = (id: string, outputs: PropertyMap): ResourceRecord => ({
      urn,
      type,
      id,
      inputs: checked.inputs,
      outputs,
      secretKeys,
      secretInputKeys,
    });
    const answer = (current: ResourceRecord) => ({
      id: current.id,
      outputs: markSecrets(current.outputs, secretKeys),
    });
    const planned = { id: "", outputs: markSecrets(checked.inputs, secretKeys) };

    const create = async (): Promise<ResourceRecord> => {
      try {
        const created = await host.create(urn, checked.inputs);
        return record(created.id, created.properties);
      } catch (error) {
        if (error instanceof HostCallError && error.initFailure)
          this.state.set({ ...record(error.initFailure.id, error.initFailure.properties), initErrors: true });
        throw error;
      }
    };

    if (!old) {
      operations.push({ urn, kind: "create" });
      if (mode === "preview") return planned;
      const created = await create();
      this.state.set(created);
      return answer(created);
    }

    const diff = await host.diff(old.id, urn, old.outputs, checked.inputs, { oldInputs: old.inputs });
    if (diff.changes === "unknown")
      throw new Error(
        `${urn}: the provider answered "unknown" to Diff; every resource of this package must diff itself`,
      );
    // The engine's step generator gives a resource with init errors an (empty) update, so the provider can finish it.
    if (diff.changes === "none" && !old.initErrors) {
      operations.push({ urn, kind: "same" });
      const same = { ...old, inputs: checked.inputs, secretKeys, secretInputKeys };
      if (mode === "up") this.state.set(same);
      return answer(same);
    }
    if (diff.replaces.length) {
      operations.push({ urn, kind: "replace" });
      if (mode === "preview") return planned;
      if (diff.deleteBeforeReplace || registration.deleteBeforeReplace) {
        await host.delete(old.id, urn, old.outputs, { oldInputs: old.inputs });
        this.state.remove(urn);
      } else {
        replaced.push(old);
      }
      const created = await create();
      this.state.set(created);
      return answer(created);
    }
    operations.push({ urn, kind: "update" });
    if (mode === "preview") return planned;
    try {
      const updated = await host.update(old.id, urn, old.outputs, checked.inputs, { oldInputs: old.inputs });
      const current = record(old.id, updated.properties);
      this.state.set(current);
      return answer(current);
    } catch (error) {
      if (error instanceof HostCallError && error.initFailure)
        this.state.set({ ...record(old.id, error.initFailure.properties), initErrors: true });
      throw error;
    }
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
