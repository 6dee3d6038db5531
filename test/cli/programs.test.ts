/**
 * Every example program through the real Pulumi CLI, as a team runs it: a pull-request preview with no vendor
 * credential, `up`, a no-op `up --expect-no-changes`, a changed input, a dashboard edit that
 * `refresh --expect-no-changes` must report, `up` to repair, a dashboard delete, `destroy`. Credentials reach
 * the CLI as environment variables only (the GitOps recipe); the state and everything the CLI printed are then
 * searched for every credential and vendor secret.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { fixtureDir } from "../harness";
import { prepareCliProject, type CliProject } from "./project";
import { PulumiWorkspace } from "./pulumi";
import { describeWithCli } from "./suite";
import { startVendor, type CliVendorRun, type VendorId } from "./vendors";

interface ProgramUnderCli {
  dir: string;
  vendors: VendorId[];
  /** The secret project config the example says it needs (its README comment), beyond `receiverUrl`. */
  secretConfig?: string[];
}

/** Each vendor's own example (examples/<vendor>), by id: a vendor of the manifest missing here does not compile. */
const VENDOR_EXAMPLES: Record<VendorId, Pick<ProgramUnderCli, "secretConfig">> = {
  erzycall: {},
  converc: {},
  convirza: { secretConfig: ["crmApiKey"] },
  conversant: {},
  sendblue: { secretConfig: ["inboundSecret"] },
};

const PROGRAMS: ProgramUnderCli[] = [
  ...(Object.keys(VENDOR_EXAMPLES) as VendorId[]).map((vendor) => ({
    dir: `examples/${vendor}`,
    vendors: [vendor],
    ...VENDOR_EXAMPLES[vendor],
  })),
  {
    dir: "examples/multi-vendor",
    vendors: ["erzycall", "converc", "convirza", "conversant", "sendblue"],
    secretConfig: ["sendblueSecret"],
  },
];

const CHANGED_RECEIVER = "https://changed.example.com/hooks";

for (const spec of PROGRAMS) {
  describeWithCli(`${spec.dir} through the real CLI`, (cli) => {
    let project: CliProject;
    let pulumi: PulumiWorkspace;
    let vendors: CliVendorRun[] = [];
    let created = 0;
    const live = () => vendors.flatMap((vendor) => vendor.live());
    const requests = () => vendors.reduce((sum, vendor) => sum + vendor.requests(), 0);
    const writes = () => vendors.reduce((sum, vendor) => sum + vendor.writes(), 0);
    /** The example's own secrets (set with `config set --secret`): as secret as any credential. */
    const programSecrets = (spec.secretConfig ?? []).map((key) => `${key}-${randomUUID()}`);
    const sentinels = () => [...programSecrets, ...vendors.flatMap((vendor) => vendor.sentinels())];
    const up = () => pulumi.ok(["up", "--yes", "--skip-preview"]);

    beforeAll(async () => {
      project = prepareCliProject(fixtureDir(), spec.dir);
      vendors = await Promise.all(spec.vendors.map(startVendor));
      pulumi = new PulumiWorkspace(cli.dir, project.dir);
      await pulumi.ok(["stack", "init", "test"]);
      for (const [index, key] of (spec.secretConfig ?? []).entries()) {
        await pulumi.ok([
          "config",
          "set",
          "--secret",
          `${project.program.project}:${key}`,
          programSecrets[index]!,
        ]);
      }
    }, 120_000);

    afterAll(async () => {
      await Promise.all(vendors.map((vendor) => vendor.close()));
      pulumi?.dispose();
    });

    it("previews the plan with no vendor credential and no request to any vendor", async () => {
      const preview = await pulumi.ok(["preview"]);
      expect(preview).toMatch(/\+ \d+ to create|\d+ to create/);
      expect(requests()).toBe(0);
    }, 180_000);

    it("creates everything with credentials from the environment, then a second up changes nothing", async () => {
      pulumi.env = Object.assign({}, ...vendors.map((vendor) => vendor.env));
      await up();
      created = live().length;
      expect(created).toBeGreaterThan(0);
      const before = writes();
      await pulumi.ok(["up", "--yes", "--skip-preview", "--expect-no-changes"]);
      expect(live()).toHaveLength(created);
      expect(writes()).toBe(before);
    }, 300_000);

    it("moves every webhook to a changed receiver URL", async () => {
      await pulumi.ok([
        "config",
        "set",
        `${project.program.project}:receiverUrl`,
        `${CHANGED_RECEIVER}/${spec.vendors.length > 1 ? "all" : spec.vendors[0]}`,
      ]);
      await up();
      expect(live()).toHaveLength(created);
      for (const object of live()) expect(object.url).toMatch(new RegExp(`^${CHANGED_RECEIVER}/`));
    }, 300_000);

    it("reports a dashboard edit on refresh --expect-no-changes, and up repairs it", async () => {
      const [vendor] = vendors;
      vendor!.edit(vendor!.live()[0]!);
      const refresh = await pulumi.run(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
      expect(refresh.code, refresh.stdout + refresh.stderr).not.toBe(0);
      await up();
      await pulumi.ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
      expect(live()).toHaveLength(created);
    }, 300_000);

    it("recreates a webhook deleted in the dashboard after refresh and up", async () => {
      const [vendor] = vendors;
      const gone = vendor!.live()[0]!;
      vendor!.remove(gone);
      expect(live()).toHaveLength(created - 1);
      await pulumi.ok(["refresh", "--yes", "--skip-preview"]);
      await up();
      expect(live()).toHaveLength(created);
      await pulumi.ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
    }, 300_000);

    it("keeps every credential and vendor secret out of the state and of everything the CLI printed", async () => {
      const state = await pulumi.exportState();
      expect(sentinels().length).toBeGreaterThan(0);
      for (const sentinel of sentinels()) {
        expect(state.includes(sentinel), `state holds ${sentinel.slice(0, 6)}…`).toBe(false);
        expect(pulumi.printed.includes(sentinel), `the CLI printed ${sentinel.slice(0, 6)}…`).toBe(false);
      }
    }, 120_000);

    it("destroys every webhook", async () => {
      await pulumi.ok(["destroy", "--yes", "--skip-preview"]);
      expect(live()).toEqual([]);
      for (const sentinel of sentinels()) expect(pulumi.printed.includes(sentinel)).toBe(false);
    }, 300_000);
  });
}
