import { afterAll, beforeAll, expect, it } from "vitest";
import {
  CONVERSANT_TEST_ACCOUNT,
  startConversantEmulator,
  type ConversantEmulator,
} from "../emulators/conversant";
import { conversantCredentials } from "../lifecycle/sentinel-credentials";
import { initDeclaredStack, type DeclaredResource } from "./project";
import type { PulumiWorkspace } from "./pulumi";
import { describeWithCli } from "./suite";
import { asEnvironment } from "./vendors";

const N = Number(process.env.CLI_RATE_N ?? 500);
const CROSSBAR_DEFAULT = { capacity: 100, refillPerSecond: 10 };
const LIMIT_MS = 900_000;

const hooks = (prefix: string, count: number): DeclaredResource[] =>
  Array.from({ length: count }, (_, index) => ({
    vendor: "conversant",
    resource: "Webhook",
    name: `${prefix}${index}`,
    args: {
      name: `${prefix} ${index}`,
      url: `https://hooks.example.com/rate/${prefix}/${index}`,
      hook: "channel_destroy",
    },
  }));

describeWithCli(
  `${N} Conversant webhooks under Crossbar's default rate limit through the real CLI`,
  (cli) => {
    let emulator: ConversantEmulator;
    const stacks: PulumiWorkspace[] = [];
    const refused = () => emulator.requests.filter((request) => request.status === 429).length;
    const live = () => emulator.store.list(CONVERSANT_TEST_ACCOUNT);

    beforeAll(async () => {
      emulator = await startConversantEmulator({ rateLimit: CROSSBAR_DEFAULT });
      emulator.faults.add({ kind: "latency", ms: 50, times: Infinity });
      const env = asEnvironment(conversantCredentials(emulator).config);
      for (const [project, resources] of [
        ["rate-one-stack", hooks("one", N)],
        ["rate-stack-a", hooks("a", N / 2)],
        ["rate-stack-b", hooks("b", N / 2)],
      ] as const) {
        stacks.push(await initDeclaredStack(cli.dir, project, [...resources], env));
      }
    }, 120_000);

    afterAll(async () => {
      await emulator?.close();
      stacks.forEach((stack) => stack.dispose());
    });

    it(
      "creates, leaves alone and destroys them all, pacing instead of failing",
      async () => {
        const [one] = stacks;
        await one!.ok(["up", "--yes", "--skip-preview"]);
        expect(live()).toHaveLength(N);
        await one!.ok(["up", "--yes", "--skip-preview", "--expect-no-changes"]);
        await one!.ok(["destroy", "--yes", "--skip-preview"]);
        expect(live()).toEqual([]);
        // Paced, not refused: the client keeps under the bucket, so the vendor hardly ever says no.
        expect(refused()).toBeLessThan(N / 50);
      },
      LIMIT_MS,
    );

    it(
      "two stacks deploying at once on the account share its bucket, and both finish",
      async () => {
        const [, a, b] = stacks;
        const ups = await Promise.all([
          a!.run(["up", "--yes", "--skip-preview"]),
          b!.run(["up", "--yes", "--skip-preview"]),
        ]);
        for (const up of ups) expect(up.code, up.stdout + up.stderr).toBe(0);
        expect(live()).toHaveLength(N);
        const downs = await Promise.all([
          a!.run(["destroy", "--yes", "--skip-preview"]),
          b!.run(["destroy", "--yes", "--skip-preview"]),
        ]);
        for (const down of downs) expect(down.code, down.stdout + down.stderr).toBe(0);
        expect(live()).toEqual([]);
      },
      LIMIT_MS,
    );
  },
);
