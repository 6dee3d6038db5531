/**
 * The GitOps pull-request job: `pulumi preview` (no refresh) of every example with no platform credential at
 * all, only the settings that are not secret (base URLs, the Conversant account id). Check and diff call no
 * platform API, so it succeeds and shows the plan; `up` with the same config fails at the first request it
 * would need a credential for, which shows the config really holds none. The emulators stand behind the base
 * URLs so that any request would be seen (and none could reach a real platform).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type Sandbox } from "../emulators/sandbox";
import { fixtureDir, secretArg, type StackConfig } from "../harness";
import { Lifecycle, prepareProgram, StepError, type StepResult } from "./index";

let sandbox: Sandbox;
let requestsSeen = 0;

beforeAll(async () => {
  sandbox = await startSandbox("free", () => void (requestsSeen += 1));
});

afterAll(async () => {
  await sandbox?.close();
});

/** The sandbox's settings without a single credential: base URLs and the Conversant account id. */
function configWithoutCredentials(): StackConfig {
  const settings = sandbox.vendors.flatMap((vendor) => vendor.settings).filter((setting) => !setting.secret);
  return Object.fromEntries(settings.map((setting) => [setting.key, setting.value]));
}

/** The programs' own secrets (receiver keys), which are not platform credentials. */
const PROGRAM_SECRETS: Record<string, StackConfig> = {
  convirza: { "convirza-webhooks:crmApiKey": secretArg("receiver-key") },
  sendblue: { "sendblue-webhooks:inboundSecret": secretArg("receiver-secret") },
};

const EXAMPLES = [
  { example: "erzycall", creates: 2 },
  { example: "converc", creates: 2 },
  { example: "conversant", creates: 3 },
  { example: "convirza", creates: 2 },
  { example: "sendblue", creates: 3 },
  { example: "multi-vendor", creates: 5 },
];

const kinds = (step: StepResult) => step.operations.map((operation) => operation.kind);

describe.each(EXAMPLES)("examples/$example with no platform credential", ({ example }) => {
  let stack: Lifecycle;

  beforeAll(() => {
    stack = new Lifecycle({
      fixtureDir: fixtureDir(),
      program: prepareProgram(fixtureDir(), `examples/${example}`),
      config: { ...configWithoutCredentials(), ...PROGRAM_SECRETS[example] },
    });
  });

  it("previews: every resource planned as a create, no request to any platform", async () => {
    requestsSeen = 0;
    const preview = await stack.preview();
    const planned = kinds(preview);
    expect(planned.length).toBe(EXAMPLES.find((entry) => entry.example === example)!.creates);
    expect(new Set(planned)).toEqual(new Set(["create"]));
    expect(requestsSeen).toBe(0);
    expect(stack.state.resources).toEqual([]);
  });

  it("cannot up: the first create stops at the missing credential, before any request", async () => {
    requestsSeen = 0;
    const failure = await stack.up().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StepError);
    expect(stack.errors.join("\n")).toMatch(/missing credential/);
    expect(requestsSeen).toBe(0);
  });
});
