/**
 * What only a real engine shows: `pulumi up` killed (SIGKILL, the whole process tree) after the vendor applied
 * the creates but before it answered, then the recovery the README gives for CI:
 * `pulumi cancel --yes`, `pulumi refresh --clear-pending-creates --yes`, `pulumi up --yes`. Afterwards every
 * declared resource has exactly one object at the vendor, and state and vendor agree. A vendor that cannot
 * tell its own lost create from a webhook someone else made refuses to make a second one, naming the id and
 * `adopt`; adopting it finishes the job.
 */
import type { ResourceName } from "../../provider/manifest";
import { afterAll, beforeAll, expect, it } from "vitest";
import { RELIABILITY_VENDORS, type VendorRun } from "../reliability/vendors";
import { initDeclaredStack } from "./project";
import { killTree, type PulumiWorkspace } from "./pulumi";
import { describeWithCli } from "./suite";
import { asEnvironment } from "./vendors";

const N = 3;

/** What the first `up` after recovery does for each resource, from what the vendor keeps. */
const AFTER_KILL: Record<
  ResourceName,
  { recovers: true } | { refuses: true; adopt: (id: string) => unknown }
> = {
  "erzycall.Webhook": { recovers: true }, // the Idempotency-Key, derived from the resource's identity
  "conversant.Webhook": { recovers: true }, // the id the client chose
  "sendblue.WebhookConfiguration": { recovers: true }, // the whole document, written again
  "converc.Webhook": { refuses: true, adopt: (id) => id },
  "convirza.Webhook": { refuses: true, adopt: (id) => id },
  "sendblue.Webhook": { refuses: true, adopt: () => true },
};

for (const subject of RELIABILITY_VENDORS) {
  const type = `${subject.vendor}.${subject.resource}` as ResourceName;
  const expected = AFTER_KILL[type];
  const count = subject.onePerAccount ? 1 : N;

  describeWithCli(`${type}: pulumi up killed after the vendor applied the creates`, (cli) => {
    let run: VendorRun;
    let pulumi: PulumiWorkspace;

    beforeAll(async () => {
      run = await subject.start(N);
      pulumi = await initDeclaredStack(
        cli.dir,
        `killed-${subject.vendor}-${subject.resource}`,
        Array.from({ length: count }, (_, index) => ({
          ...subject,
          name: `r${index}`,
          args: subject.args(index, 1, N),
        })),
        asEnvironment(run.config),
        "killed-up",
      );
    }, 120_000);

    afterAll(async () => {
      await run?.close();
      pulumi?.dispose();
    });

    const owned = (index: number) => (run.owns ? run.owns(index, 1) : []);
    /** The objects the program declares: one per resource, or the one document's entries. */
    const declaredObjects = () => (subject.onePerAccount ? owned(0).length : N);
    const matching = (index: number) => run.objects().filter((object) => run.matches(object.id, index, 1));

    it("is killed once every create has landed and none has been answered", async () => {
      // Every write is applied, then never answered: the engine has no id for any of them.
      run.faults.add({ kind: "stall", method: "POST", times: Infinity });
      run.faults.add({ kind: "stall", method: "PUT", times: Infinity });
      const landed = () => run.objects().length >= declaredObjects();
      // Sendblue writes one batch at a time: a short timeout lets the first stalled batch give way to the next.
      const up = await pulumi.run(["up", "--yes", "--skip-preview"], {
        env: { PULUMI_WEBHOOKS_HTTP_TIMEOUT_MS: "3000" },
        started: (child) => {
          const deadline = Date.now() + 90_000;
          const timer = setInterval(() => {
            if (landed() || Date.now() > deadline) {
              clearInterval(timer);
              killTree(child);
            }
          }, 100);
        },
      });
      run.faults.clear();
      expect(up.signal, up.stdout + up.stderr).toBe("SIGKILL");
      expect(run.objects()).toHaveLength(declaredObjects());
    }, 180_000);

    it("recovers with cancel, refresh --clear-pending-creates and up, leaving one object per resource", async () => {
      await pulumi.ok(["cancel", "--yes"]);
      await pulumi.ok(["refresh", "--clear-pending-creates", "--yes", "--skip-preview"]);
      let up = await pulumi.run(["up", "--yes", "--skip-preview"]);
      if ("refuses" in expected) {
        expect(up.code).not.toBe(0);
        // Each resource whose create was lost is refused, naming what is there (a resource whose answer came
        // before the kill is in state already). The engine starts no new step once one failed, so a resource the
        // program registered after the first refusal is refused by the next `up`, as a user would see it.
        for (let round = 1; up.code !== 0 && round <= count; round++) {
          const printed = up.stdout + up.stderr;
          const refused = [...printed.matchAll(/dynamic\/\w+:\w+ \((r\d+)\):\n\s+error: (.*)/g)].map(
            (match) => ({ name: match[1]!, message: match[2]! }),
          );
          expect(refused.length, printed).toBeGreaterThan(0);
          for (const { name, message } of refused) {
            const [existing] = matching(Number(name.slice(1)));
            expect(message).toContain("adopt");
            expect(message.includes(existing!.id) || message.includes(existing!.key), message).toBe(true);
            await pulumi.ok(["config", "set", `adopt-${name}`, JSON.stringify(expected.adopt(existing!.id))]);
          }
          up = await pulumi.run(["up", "--yes", "--skip-preview"]);
        }
      }
      expect(up.code, up.stdout + up.stderr).toBe(0);
      // Nothing duplicated, nothing orphaned: every object is one declared resource's, each has one.
      expect(run.objects()).toHaveLength(declaredObjects());
      if (subject.onePerAccount)
        expect(
          run
            .objects()
            .map((object) => object.id)
            .sort(),
        ).toEqual(owned(0).sort());
      else for (let index = 0; index < N; index++) expect(matching(index)).toHaveLength(1);
    }, 300_000);

    it("holds in state exactly the objects at the vendor", async () => {
      const state = JSON.parse(await pulumi.exportState()) as {
        deployment: { resources?: Array<{ type: string; id?: string; outputs?: Record<string, unknown> }> };
      };
      const ids = (state.deployment.resources ?? [])
        .filter((resource) => resource.type.endsWith(`dynamic/${subject.vendor}:${subject.resource}`))
        .map((resource) => resource.id);
      expect(ids).toHaveLength(count);
      if (!subject.onePerAccount)
        expect([...ids].sort()).toEqual(
          run
            .objects()
            .map((object) => object.id)
            .sort(),
        );
      await pulumi.ok(["refresh", "--yes", "--skip-preview", "--expect-no-changes"]);
      await pulumi.ok(["destroy", "--yes", "--skip-preview"]);
      expect(run.objects()).toEqual([]);
    }, 300_000);
  });
}
