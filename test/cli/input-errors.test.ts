import { afterAll, beforeAll, expect, it } from "vitest";
import { startErzycallEmulator, type ErzycallEmulator } from "../emulators/erzycall";
import { erzycallCredentials } from "../lifecycle/sentinel-credentials";
import { initDeclaredStack } from "./project";
import type { PulumiWorkspace } from "./pulumi";
import { describeWithCli } from "./suite";
import { asEnvironment } from "./vendors";

/** A stack of one Erzycall webhook `crm` with `args`, against an emulator; both live for the suite. */
function erzycallStack(cliDir: string, stack: string, args: Record<string, unknown>) {
  const made: { emulator?: ErzycallEmulator; pulumi?: PulumiWorkspace } = {};
  beforeAll(async () => {
    made.emulator = await startErzycallEmulator();
    made.pulumi = await initDeclaredStack(
      cliDir,
      stack,
      [{ vendor: "erzycall", resource: "Webhook", name: "crm", args }],
      asEnvironment(erzycallCredentials(made.emulator).config),
    );
  }, 180_000);
  afterAll(async () => {
    await made.emulator?.close();
    made.pulumi?.dispose();
  });
  return {
    preview: async () => {
      const preview = await (made.pulumi as PulumiWorkspace).run(["preview"]);
      return { code: preview.code, printed: preview.stdout + preview.stderr };
    },
    requests: () => (made.emulator as ErzycallEmulator).requests,
  };
}

// What a user sees when an input is wrong: the engine prints each check failure as
// "property <name> value {<value>} has a problem: <reason>", looking the value up among the top-level inputs.
describeWithCli("wrong inputs through the real CLI", (cli) => {
  // A JavaScript program: nothing checks the event names before the provider does.
  const stack = erzycallStack(cli.dir, "input-errors", {
    url: "http://crm.example.com/hooks",
    events: ["call.ended", "call.endd"],
  });

  it("fails the preview naming each input, its value and the element at fault, before any request", async () => {
    const { code, printed } = await stack.preview();
    expect(code).not.toBe(0);
    expect(printed).toContain(
      "property url value {http://crm.example.com/hooks} has a problem: url: must use https://",
    );
    expect(printed).toMatch(
      /property events value \{\[.*call\.endd.*\]\} has a problem: events\[1\]: unknown event "call\.endd"; Erzycall's events are call\.cancelled, call\.ended/,
    );
    expect(printed).not.toContain("<nil>");
    expect(stack.requests()).toEqual([]);
  }, 180_000);
});

// A url with a password: the engine prints a failure's value only when it names a property, and this one names
// none, so the password is not printed (the reason still says which input is wrong).
describeWithCli("an input whose value must not be printed, through the real CLI", (cli) => {
  const stack = erzycallStack(cli.dir, "input-errors-secret", {
    url: "https://crm:hunter2-password@crm.example.com/hooks",
    events: ["call.ended"],
  });

  it("fails the preview saying what is wrong with the url, without printing it", async () => {
    const { code, printed } = await stack.preview();
    expect(code).not.toBe(0);
    expect(printed).toContain(
      "resource 'crm' has a problem: url: must not contain a user name or password (they would be stored in state " +
        "in clear text)",
    );
    expect(printed).not.toContain("hunter2-password");
    expect(stack.requests()).toEqual([]);
  }, 180_000);
});
