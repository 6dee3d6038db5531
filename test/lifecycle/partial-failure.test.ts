/**
 * A partial failure as the engine carries it: the half-made resource stays in state, and the next `up` updates it
 * even though Diff finds nothing to change, so the provider can finish it (here: a Sendblue entry whose write
 * landed but whose read-back failed). And a create that could not be confirmed at all (Convirza, Converc: no
 * idempotency key, and the vendor went quiet right after the write): kept as a placeholder the next `up` replaces.
 */
import { describe, expect, it } from "vitest";
import { CONVERC_DEFAULT_ORG, startConvercEmulator } from "../emulators/converc";
import { startConvirzaEmulator } from "../emulators/convirza";
import type { FaultInjector } from "../emulators/core";
import {
  SENDBLUE_DEFAULT_ACCOUNT as ACCOUNT,
  startSendblueEmulator,
  type SendblueEmulator,
} from "../emulators/sendblue";
import { fixtureDir, secretArg } from "../harness";
import { expectNoLeaks } from "./hygiene";
import { Lifecycle, prepareProgram } from "./index";
import { convercCredentials, convirzaCredentials, sendblueCredentials } from "./sentinel-credentials";
import { sentinel } from "./sentinels";
import { useExampleStack } from "../support/lifecycle-fixtures";

let emulator: SendblueEmulator;
let stack: Lifecycle;
let sentinels: string[];

const inboundSecret = sentinel("inbound-secret-");
useExampleStack(
  {
    example: "examples/sendblue",
    start: startSendblueEmulator,
    credentials: sendblueCredentials,
    config: { "sendblue-webhooks:inboundSecret": secretArg(inboundSecret) },
  },
  (suite) => {
    ({ emulator, stack } = suite);
    sentinels = [...suite.credentials.sentinels, inboundSecret];
  },
);

describe("a partial failure through the lifecycle runner", () => {
  it("keeps the entry whose read-back failed, then updates it on the next up although nothing changed", async () => {
    // The first write lands but its answer is lost, so a read must confirm it; that read gets a 500 (not retried).
    emulator.faults.add({ kind: "lost", method: "POST", times: 1 });
    const stop = emulator.onWrite(() => {
      stop();
      emulator.faults.add({ kind: "status", status: 500, method: "GET" });
    });
    await expect(stack.up()).rejects.toThrow(/get webhooks failed: HTTP 500/);
    const half = stack.state.resources.filter((record) => record.initErrors);
    expect(half).toHaveLength(1);

    emulator.clearRequests();
    const up = await stack.up();
    expect(up.operations.find((operation) => operation.urn === half[0]!.urn)?.kind).toBe("update");
    expect(stack.state.get(half[0]!.urn)?.initErrors).toBeUndefined();
    // The update confirmed the entry by reading; it did not add it twice.
    const url = decodeURIComponent(half[0]!.id.split("/").slice(1).join("/"));
    expect(
      emulator.store
        .urls(ACCOUNT, half[0]!.id.split("/")[0] as "receive")
        .filter((candidate) => candidate === url),
    ).toHaveLength(1);

    expect((await stack.up()).operations.map((operation) => operation.kind)).toEqual([
      "same",
      "same",
      "same",
    ]);
    await stack.destroy();
    expectNoLeaks(stack, sentinels);
  });
});

/** A vendor without idempotency keys, and how a lifecycle test points the stack at its emulator. */
interface QuietVendor {
  example: string;
  /** Path of the create POST. */
  createPath: string;
  start(): Promise<{
    config: Lifecycle["config"];
    sentinels(): string[];
    faults: FaultInjector;
    objects(): string[];
    close(): Promise<void>;
  }>;
}

const QUIET_VENDORS: QuietVendor[] = [
  {
    example: "examples/convirza",
    createPath: "/v3/webhooks",
    async start() {
      const vendor = await startConvirzaEmulator();
      const credentials = convirzaCredentials(vendor);
      const crmKey = sentinel("crm-receiver-key-");
      return {
        config: { ...credentials.config, "convirza-webhooks:crmApiKey": secretArg(crmKey) },
        sentinels: () => [...credentials.sentinels, crmKey],
        faults: vendor.faults,
        objects: () =>
          vendor.store
            .list()
            .filter((webhook) => webhook.webhook_status !== "deleted")
            .map((webhook) => String(webhook.webhook_id)),
        close: () => vendor.close(),
      };
    },
  },
  {
    example: "examples/converc",
    createPath: "/integrations/webhooks",
    async start() {
      const vendor = await startConvercEmulator();
      const credentials = convercCredentials(vendor);
      return {
        config: credentials.config,
        // Every signing secret Converc issued, also those of endpoints nobody saw created.
        sentinels: () => [
          ...credentials.sentinels,
          ...vendor.store.list(CONVERC_DEFAULT_ORG).map((endpoint) => endpoint.secret),
        ],
        faults: vendor.faults,
        objects: () =>
          vendor.store
            .list(CONVERC_DEFAULT_ORG)
            .filter((endpoint) => endpoint.isActive)
            .map((endpoint) => endpoint.id),
        close: () => vendor.close(),
      };
    },
  },
];

describe.each(QUIET_VENDORS.map((vendor) => [vendor.example, vendor] as const))(
  "%s: a create the vendor went quiet after",
  (example, vendor) => {
    it("is kept as an unconfirmed placeholder; the next up replaces it (delete first): one object per resource, nothing leaked", async () => {
      const run = await vendor.start();
      try {
        const quiet = new Lifecycle({
          fixtureDir: fixtureDir(),
          program: prepareProgram(fixtureDir(), example),
          config: run.config,
          hostEnv: {
            PULUMI_WEBHOOKS_HTTP_TIMEOUT_MS: "300",
            PULUMI_WEBHOOKS_MAX_RETRIES: "1",
            PULUMI_WEBHOOKS_RETRY_BASE_MS: "1",
          },
        });
        // The first create lands unanswered; from then on the vendor answers nothing, not even the look-up.
        run.faults.add({ kind: "stall", method: "POST", path: vendor.createPath, thenHang: true });
        await expect(quiet.up()).rejects.toThrow();
        run.faults.clear();
        const placeholders = quiet.state.resources.filter((record) =>
          record.id.startsWith("unconfirmed-create"),
        );
        expect(placeholders.length).toBeGreaterThanOrEqual(1);
        expect(quiet.errors.join("\n")).toMatch(
          /kept in state as unconfirmed-create: the next `pulumi up` removes whatever that attempt made and creates it again/,
        );
        // The landed create is at the vendor, known to no state but through its placeholder.
        expect(run.objects().length).toBeGreaterThanOrEqual(1);

        // refresh leaves placeholders as they are, and shows them as drift: the provider's Diff, which the engine
        // asks after each read, wants them replaced; preview shows them replaced.
        expect(
          (await quiet.refresh()).operations
            .filter((operation) => placeholders.some((record) => record.urn === operation.urn))
            .map((operation) => operation.kind),
        ).toEqual(placeholders.map(() => "refresh-drift"));
        for (const record of placeholders)
          expect(quiet.state.get(record.urn)).toMatchObject({ id: record.id, outputs: record.outputs });
        const preview = await quiet.preview();
        for (const record of placeholders)
          expect(preview.operations.find((operation) => operation.urn === record.urn)?.kind).toBe("replace");

        await quiet.up();
        const ids = quiet.state.resources.map((record) => record.id).sort();
        expect(ids).toHaveLength(2);
        expect(ids.some((id) => id.startsWith("unconfirmed-create"))).toBe(false);
        expect(run.objects().sort()).toEqual(ids);
        expect((await quiet.up()).operations.map((operation) => operation.kind)).toEqual(["same", "same"]);

        expectNoLeaks(quiet, run.sentinels());
        await quiet.destroy();
        expect(run.objects()).toEqual([]);
      } finally {
        await run.close();
      }
    });
  },
);
