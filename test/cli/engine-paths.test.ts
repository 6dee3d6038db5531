import { afterAll, beforeAll, expect, it } from "vitest";
import { CONVERC_DEFAULT_ORG, startConvercEmulator, type ConvercEmulator } from "../emulators/converc";
import { ERZYCALL_DEFAULT_ORG, startErzycallEmulator, type ErzycallEmulator } from "../emulators/erzycall";
import {
  SENDBLUE_DEFAULT_ACCOUNT,
  startSendblueEmulator,
  urlOf,
  type SendblueEmulator,
} from "../emulators/sendblue";
import { fixtureDir } from "../harness";
import {
  convercCredentials,
  erzycallCredentials,
  sendblueCredentials,
} from "../lifecycle/sentinel-credentials";
import { initDeclaredStack, prepareCliProject, type DeclaredResource } from "./project";
import { PulumiWorkspace } from "./pulumi";
import { describeWithCli } from "./suite";
import { asEnvironment } from "./vendors";

const RECEIVER = "https://crm.example.com/hooks";
/** A converc.Webhook the program declares. */
const convercHook = (name: string, args: Record<string, unknown>, options?: DeclaredResource["options"]) => ({
  vendor: "converc",
  resource: "Webhook",
  name,
  args,
  ...(options ? { options } : {}),
});
const urn = (project: string, name: string) =>
  `urn:pulumi:test::${project}::pulumi-nodejs:dynamic/converc:Webhook::${name}`;

describeWithCli("converc.Webhook replacements through the real CLI", (cli) => {
  const project = "engine-paths-converc";
  let emulator: ConvercEmulator;
  let pulumi: PulumiWorkspace;
  const active = () => emulator.store.list(CONVERC_DEFAULT_ORG).filter((endpoint) => endpoint.isActive);
  const stateIds = async () => {
    const state = JSON.parse(await pulumi.exportState()) as {
      deployment: { resources?: Array<{ urn: string; id?: string }> };
    };
    return Object.fromEntries(
      (state.deployment.resources ?? [])
        .filter((resource) => resource.id)
        .map((resource) => [resource.urn.split("::").pop()!, resource.id!]),
    );
  };

  beforeAll(async () => {
    emulator = await startConvercEmulator();
    const env = asEnvironment(convercCredentials(emulator).config);
    pulumi = await initDeclaredStack(
      cli.dir,
      project,
      [
        convercHook("a", { url: `${RECEIVER}/a`, events: ["call.ended"] }),
        convercHook("b", { url: `${RECEIVER}/b`, events: ["call.ended"] }),
        convercHook("c", { url: `${RECEIVER}/c`, events: ["call.ended"] }, { deleteBeforeReplace: true }),
      ],
      env,
    );
    await pulumi.ok(["up", "--yes", "--skip-preview"]);
  }, 180_000);

  afterAll(async () => {
    await emulator?.close();
    pulumi?.dispose();
  });

  it("previews a url change with --diff as a replacement of that endpoint, naming url", async () => {
    await pulumi.ok(["config", "set", "url-a", `${RECEIVER}/a2`]);
    const preview = await pulumi.ok(["preview", "--diff"]);
    // The replaced resource, then why: the url it had and the one it gets.
    expect(preview).toContain("+-pulumi-nodejs:dynamic/converc:Webhook: (replace)");
    expect(preview).toContain(`[urn=${urn(project, "a")}]`);
    expect(preview).toMatch(new RegExp(`~ url\\s*: "${RECEIVER}/a" => "${RECEIVER}/a2"`));
    expect(preview).not.toContain(`[urn=${urn(project, "b")}]`);
    expect(preview).toMatch(/\+-1 to replace/);
  }, 180_000);

  it("replaces only the targeted endpoint with --target", async () => {
    const before = await stateIds();
    await pulumi.ok(["up", "--yes", "--skip-preview", "--target", urn(project, "a")]);
    const after = await stateIds();
    expect(after.a).not.toBe(before.a);
    expect(after.b).toBe(before.b);
    expect(
      active()
        .map((endpoint) => endpoint.url)
        .sort(),
    ).toEqual([`${RECEIVER}/a2`, `${RECEIVER}/b`, `${RECEIVER}/c`]);
    expect(emulator.store.get(before.a!)?.isActive).toBe(false);
  }, 180_000);

  it("refuses --replace of an unchanged endpoint, which it cannot tell from a stranger, saying what to do", async () => {
    const before = await stateIds();
    const refused = await pulumi.run(["up", "--yes", "--skip-preview", "--replace", urn(project, "b")]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain(
      `that this run has not seen in the stack's state (${before.b})`,
    );
    expect(refused.stdout + refused.stderr).toContain("`deleteBeforeReplace` option");
    expect(emulator.store.get(before.b!)?.isActive).toBe(true);
    expect(await stateIds()).toEqual(before);
  }, 180_000);

  it("replaces an unchanged endpoint with the deleteBeforeReplace option on --replace: old one disabled, new one made", async () => {
    const before = await stateIds();
    await pulumi.ok(["up", "--yes", "--skip-preview", "--replace", urn(project, "c")]);
    const after = await stateIds();
    expect(after.c).not.toBe(before.c);
    expect(emulator.store.get(before.c!)?.isActive).toBe(false);
    expect(
      active()
        .map((endpoint) => endpoint.id)
        .sort(),
    ).toEqual([after.a, after.b, after.c].sort());
  }, 180_000);

  it("recreates an endpoint disabled in the dashboard in one up --refresh", async () => {
    const before = await stateIds();
    emulator.store.disable(before.a!);
    await pulumi.ok(["up", "--yes", "--skip-preview", "--refresh"]);
    const after = await stateIds();
    expect(after.a).not.toBe(before.a);
    expect(
      active()
        .map((endpoint) => endpoint.id)
        .sort(),
    ).toEqual([after.a, after.b, after.c].sort());
    await pulumi.ok(["destroy", "--yes", "--skip-preview"]);
    expect(active()).toEqual([]);
  }, 180_000);
});

describeWithCli("a Converc partial failure through the real CLI", (cli) => {
  const project = "engine-paths-partial";
  let emulator: ConvercEmulator;
  let pulumi: PulumiWorkspace;
  const url = `${RECEIVER}/verified`;

  beforeAll(async () => {
    emulator = await startConvercEmulator();
    const env = asEnvironment(convercCredentials(emulator).config);
    pulumi = await initDeclaredStack(
      cli.dir,
      project,
      [convercHook("verified", { url, events: ["call.ended"], verifyDelivery: true })],
      env,
    );
  }, 120_000);

  afterAll(async () => {
    await emulator?.close();
    pulumi?.dispose();
  });

  it("keeps an endpoint whose test delivery failed in state, and the next up finishes it", async () => {
    emulator.setReceiver(url, { status: 500 });
    const failed = await pulumi.run(["up", "--yes", "--skip-preview"]);
    expect(failed.code).not.toBe(0);
    expect(failed.stdout + failed.stderr).toMatch(/answered HTTP 500/);
    const [endpoint] = emulator.store.list(CONVERC_DEFAULT_ORG);
    expect(await pulumi.exportState()).toContain(endpoint!.id);

    emulator.setReceiver(url, { status: 200 });
    const deliveries = emulator.deliveries.length;
    await pulumi.ok(["up", "--yes", "--skip-preview"]);
    expect(emulator.deliveries.length).toBeGreaterThan(deliveries);
    expect(emulator.store.list(CONVERC_DEFAULT_ORG).filter((candidate) => candidate.isActive)).toHaveLength(
      1,
    );
    await pulumi.ok(["up", "--yes", "--skip-preview", "--expect-no-changes"]);
    await pulumi.ok(["destroy", "--yes", "--skip-preview"]);
  }, 300_000);
});

describeWithCli(
  "two stacks deploying at once to one Sendblue account and one Erzycall organization",
  (cli) => {
    let sendblue: SendblueEmulator;
    let erzycall: ErzycallEmulator;
    const stacks: PulumiWorkspace[] = [];

    beforeAll(async () => {
      sendblue = await startSendblueEmulator();
      erzycall = await startErzycallEmulator();
      const env = {
        ...asEnvironment(sendblueCredentials(sendblue).config),
        ...asEnvironment(erzycallCredentials(erzycall).config),
      };
      for (const team of ["alpha", "beta"]) {
        const stack = await initDeclaredStack(
          cli.dir,
          `two-stacks-${team}`,
          [1, 2, 3].flatMap((index) => [
            {
              vendor: "sendblue",
              resource: "Webhook",
              name: `sb-${index}`,
              args: { type: "receive", url: `${RECEIVER}/${team}/${index}` },
            },
            {
              vendor: "erzycall",
              resource: "Webhook",
              name: `ez-${index}`,
              args: { url: `${RECEIVER}/${team}/${index}`, events: ["call.ended"] },
            },
          ]),
          env,
        );
        stacks.push(stack);
      }
    }, 120_000);

    afterAll(async () => {
      await Promise.all([sendblue?.close(), erzycall?.close()]);
      stacks.forEach((stack) => stack.dispose());
    });

    it("loses no Sendblue entry, and the sixth Erzycall endpoint fails with the cap's own error", async () => {
      const results = await Promise.all(stacks.map((stack) => stack.run(["up", "--yes", "--skip-preview"])));
      const document = sendblue.store.document(SENDBLUE_DEFAULT_ACCOUNT);
      expect(document.receive.map(urlOf).sort()).toEqual(
        ["alpha", "beta"].flatMap((team) => [1, 2, 3].map((index) => `${RECEIVER}/${team}/${index}`)).sort(),
      );
      // Erzycall allows 5 endpoints per organization: one of the six creates is refused, clearly.
      expect(erzycall.store.list(ERZYCALL_DEFAULT_ORG)).toHaveLength(5);
      expect(results.filter((result) => result.code !== 0)).toHaveLength(1);
      const printed = results.map((result) => result.stdout + result.stderr).join("\n");
      expect(printed).toMatch(/Erzycall allows 5 endpoints per organization/);
      // Every endpoint Erzycall holds is in exactly one stack's state.
      const held = (await Promise.all(stacks.map((stack) => stack.exportState()))).join("\n");
      for (const endpoint of erzycall.store.list(ERZYCALL_DEFAULT_ORG))
        expect(held.split(endpoint.id).length - 1).toBeGreaterThanOrEqual(1);
      for (const stack of stacks) await stack.ok(["destroy", "--yes", "--skip-preview"]);
      expect(erzycall.store.list(ERZYCALL_DEFAULT_ORG)).toEqual([]);
      expect(sendblue.store.document(SENDBLUE_DEFAULT_ACCOUNT).receive).toEqual([]);
    }, 300_000);
  },
);

describeWithCli("the GitOps workflow's jobs, each with only the credential it needs", (cli) => {
  let emulator: ErzycallEmulator;
  let pulumi: PulumiWorkspace;
  let writeKey: string;
  let readKey: string;
  const writes = () => emulator.requests.filter((request) => request.method !== "GET");

  beforeAll(async () => {
    emulator = await startErzycallEmulator();
    const credentials = erzycallCredentials(emulator);
    writeKey = asEnvironment(credentials.config).ERZYCALL_API_KEY!;
    readKey = `ek_test_readonly${Date.now()}`;
    emulator.addKey(readKey, { org: ERZYCALL_DEFAULT_ORG, scopes: ["webhooks:read"] });
    const project = prepareCliProject(fixtureDir(), "examples/erzycall", "cli-gitops");
    // The workflow hands each job its credentials as environment variables; the stack config holds none.
    pulumi = new PulumiWorkspace(cli.dir, project.dir, undefined, { ERZYCALL_BASE_URL: emulator.url });
    await pulumi.ok(["stack", "init", "test"]);
  }, 120_000);

  afterAll(async () => {
    await emulator?.close();
    pulumi?.dispose();
  });

  it("pull request: preview --diff with no vendor credential shows the plan and sends nothing", async () => {
    const preview = await pulumi.ok(["preview", "--diff"]);
    expect(preview).toMatch(/\+ pulumi-nodejs:dynamic\/erzycall:Webhook/);
    expect(emulator.requests).toEqual([]);
  }, 180_000);

  it("merge: up with the write key leaves no credential in the state", async () => {
    await pulumi.ok(["up", "--yes", "--diff"], { env: { ERZYCALL_API_KEY: writeKey } });
    expect(emulator.store.list(ERZYCALL_DEFAULT_ORG)).toHaveLength(2);
    const state = await pulumi.exportState();
    expect(state).not.toContain(writeKey);
    expect(state).not.toContain("ERZYCALL_API_KEY");
  }, 180_000);

  it("drift: preview --refresh with the read-only key alone passes, then fails on a dashboard edit, writing nothing", async () => {
    const before = writes().length;
    await pulumi.ok(["preview", "--refresh", "--expect-no-changes"], { env: { ERZYCALL_API_KEY: readKey } });
    const [endpoint] = emulator.store.list(ERZYCALL_DEFAULT_ORG);
    emulator.store.update(endpoint!.id, { events: ["call.ended"] });
    const drift = await pulumi.run(["preview", "--refresh", "--expect-no-changes"], {
      env: { ERZYCALL_API_KEY: readKey },
    });
    expect(drift.code).not.toBe(0);
    expect(writes()).toHaveLength(before);
    expect(pulumi.printed).not.toContain(readKey);
    await pulumi.ok(["destroy", "--yes"], { env: { ERZYCALL_API_KEY: writeKey } });
  }, 180_000);
});
