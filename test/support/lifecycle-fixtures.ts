/**
 * The preamble of a lifecycle test: a vendor's emulator with fresh sentinel credentials, and an example program
 * as a stack of the lifecycle runner pointed at it, for all the tests of a file. Closed after the last.
 */
import { afterAll, beforeAll } from "vitest";
import { fixtureDir, type StackConfig } from "../harness";
import { Lifecycle, prepareProgram } from "../lifecycle";
import type { SentinelCredentials } from "../lifecycle/sentinel-credentials";

export interface ExampleStack<E> {
  emulator: E;
  credentials: SentinelCredentials;
  stack: Lifecycle;
}

export interface ExampleStackOptions<E> {
  /** The program's folder in the repository: `examples/erzycall`. */
  example: string;
  start: () => Promise<E>;
  /** Fresh credentials registered with the emulator (test/lifecycle/sentinel-credentials.ts). */
  credentials: (emulator: E) => SentinelCredentials;
  /** Stack config beyond the credentials: the program's own settings and secrets. */
  config?: StackConfig;
  /** What the vendor holds before the first step (objects made outside Pulumi). */
  seed?: (emulator: E) => void;
}

/** `use` receives the emulator, the credentials and the stack before the first test. */
export function useExampleStack<E extends { close(): Promise<void> }>(
  options: ExampleStackOptions<E>,
  use: (suite: ExampleStack<E>) => void,
): void {
  let emulator: E | undefined;
  beforeAll(async () => {
    emulator = await options.start();
    const credentials = options.credentials(emulator);
    options.seed?.(emulator);
    const stack = new Lifecycle({
      fixtureDir: fixtureDir(),
      program: prepareProgram(fixtureDir(), options.example),
      config: { ...credentials.config, ...options.config },
    });
    use({ emulator, credentials, stack });
  });
  afterAll(async () => {
    await emulator?.close();
  });
}
