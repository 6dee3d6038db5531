/**
 * A resource renamed in the program, through the real CLI. With `aliases` naming the old name the engine keeps the
 * resource and nothing is sent to the vendor. Without it the engine creates the new resource, then deletes the old
 * one: the vendor either gets a new object and loses the old, or (where a second object for the same declaration
 * is refused) the create names the object to adopt; and whatever the new resource took over, the old resource's
 * delete leaves it alone. Before that, a renamed `sendblue.WebhookConfiguration` emptied the account's
 * configuration, and adopting after a refused rename deleted the adopted webhook.
 */
import type { ResourceName } from "../../provider/manifest";
import { afterAll, beforeAll, expect, it } from "vitest";
import { RELIABILITY_VENDORS, type VendorObject, type VendorRun } from "../reliability/vendors";
import { initDeclaredStack, writeProgram } from "./project";
import type { PulumiWorkspace } from "./pulumi";
import { describeWithCli } from "./suite";
import { asEnvironment } from "./vendors";

/** What the vendor sees of a rename without `aliases`. */
const RENAMED: Record<
  ResourceName,
  { remakes: true } | { keeps: true } | { refuses: true; adopt: (id: string) => unknown }
> = {
  "erzycall.Webhook": { remakes: true }, // a new Idempotency-Key (the identity changed): a new endpoint
  "conversant.Webhook": { remakes: true }, // a new client-chosen id
  "sendblue.WebhookConfiguration": { keeps: true }, // the account's one document, already as declared
  "converc.Webhook": { refuses: true, adopt: (id) => id },
  "convirza.Webhook": { refuses: true, adopt: (id) => id },
  "sendblue.Webhook": { refuses: true, adopt: () => true },
};

const sorted = (objects: VendorObject[]) => [...objects].sort((a, b) => a.id.localeCompare(b.id));

for (const subject of RELIABILITY_VENDORS) {
  const type = `${subject.vendor}.${subject.resource}` as ResourceName;
  const expected = RENAMED[type];

  describeWithCli(`${type}: a resource renamed in the program`, (cli) => {
    let run: VendorRun;
    let pulumi: PulumiWorkspace;
    let first: VendorObject[];
    const declare = (name: string, options?: Record<string, unknown>) =>
      writeProgram(pulumi.projectDir, "rename", [{ ...subject, name, args: subject.args(0, 1, 1), options }]);
    const writes = () => run.requests().filter((request) => request.method !== "GET").length;

    beforeAll(async () => {
      run = await subject.start(1);
      pulumi = await initDeclaredStack(
        cli.dir,
        `rename-${subject.vendor}-${subject.resource}`,
        [{ ...subject, name: "first", args: subject.args(0, 1, 1) }],
        asEnvironment(run.config),
        "rename",
      );
      await pulumi.ok(["up", "--yes", "--skip-preview"]);
      first = sorted(run.objects());
    }, 180_000);

    afterAll(async () => {
      await run?.close();
      pulumi?.dispose();
    });

    it("with aliases naming the old name, changes nothing at the vendor", async () => {
      const before = writes();
      declare("second", { aliases: [{ name: "first" }] });
      await pulumi.ok(["up", "--yes", "--skip-preview"]);
      expect(writes()).toBe(before);
      expect(sorted(run.objects())).toEqual(first);
    }, 180_000);

    it("without aliases, ends with one object for the resource, never none", async () => {
      declare("third");
      let up = await pulumi.run(["up", "--yes", "--skip-preview"]);
      if ("refuses" in expected) {
        const printed = up.stdout + up.stderr;
        expect(up.code, printed).not.toBe(0);
        expect(printed).toContain('`aliases: [{ name: "<its old name>" }]`');
        expect(sorted(run.objects())).toEqual(first);
        // Taking it over is safe: the old resource's delete, later in the same up, leaves it to the new one.
        await pulumi.ok(["config", "set", "adopt-third", JSON.stringify(expected.adopt(first[0]!.id))]);
        up = await pulumi.run(["up", "--yes", "--skip-preview"]);
      }
      expect(up.code, up.stdout + up.stderr).toBe(0);
      const now = sorted(run.objects());
      if ("remakes" in expected) {
        expect(now).toHaveLength(1);
        expect(now[0]!.key).toBe(first[0]!.key);
        expect(now[0]!.id).not.toBe(first[0]!.id);
      } else expect(now).toEqual(first);
    }, 300_000);

    it("leaves state and vendor agreeing", async () => {
      await pulumi.ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
      const state = JSON.parse(await pulumi.exportState()) as {
        deployment: { resources?: Array<{ type: string; urn: string; id?: string }> };
      };
      const held = (state.deployment.resources ?? []).filter((resource) =>
        resource.type.endsWith(`dynamic/${subject.vendor}:${subject.resource}`),
      );
      expect(held.map((resource) => resource.urn.split("::").pop())).toEqual(["third"]);
      if (!subject.onePerAccount)
        expect(held.map((resource) => resource.id)).toEqual(run.objects().map((o) => o.id));
      await pulumi.ok(["destroy", "--yes", "--skip-preview"]);
      expect(run.objects()).toEqual([]);
    }, 300_000);
  });
}
