import * as pulumi from "@pulumi/pulumi";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as erzycall from "../../sdk/erzycall";
import { registration } from "../../sdk/registration";

const limitBefore = Error.stackTraceLimit;

beforeAll(() => {
  pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
      call: (args) => args.inputs,
    },
    "project",
    "stack",
  );
});

afterEach(() => {
  vi.unstubAllEnvs();
  Error.stackTraceLimit = limitBefore;
});

describe("registration", () => {
  it("records no stack frames while a resource registers, and restores the limit after", () => {
    const registering = registration();
    expect(new Error("inside").stack).toBe("Error: inside");
    registering.done();
    expect(Error.stackTraceLimit).toBe(limitBefore);
    expect(new Error("after").stack).toContain("registration.test.ts");
  });

  it("keeps full stacks when Pulumi is asked to debug leaked promises", () => {
    vi.stubEnv("PULUMI_DEBUG_PROMISE_LEAKS", "true");
    const registering = registration();
    expect(new Error("inside").stack).toContain("registration.test.ts");
    registering.done();
  });

  it("gives an error thrown while registering its stack back, down to the caller", () => {
    const registering = registration();
    const thrown = new Error("refused");
    const failed = registering.failed(thrown) as Error;
    expect(failed).toBe(thrown);
    expect(Error.stackTraceLimit).toBe(limitBefore);
    expect(failed.stack).toMatch(/^Error: refused\n\s+at .*registration\.test\.ts/);
  });
});

describe("a resource class", () => {
  it("registers its inputs and outputs and leaves the stack limit as it found it", async () => {
    const webhook = new erzycall.Webhook("hook", {
      url: "https://hooks.example.com/a",
      events: ["call.ended"],
    });
    expect(Error.stackTraceLimit).toBe(limitBefore);
    const url = await new Promise((resolve) => webhook.url.apply(resolve));
    expect(url).toBe("https://hooks.example.com/a");
  });

  it("throws what a transformation throws with the user's frames in its stack", () => {
    const construct = () =>
      new erzycall.Webhook(
        "refused",
        { url: "https://hooks.example.com/b", events: ["call.ended"] },
        {
          transformations: [
            () => {
              throw new Error("transformation refused");
            },
          ],
        },
      );
    let caught: unknown;
    try {
      construct();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).message).toBe("transformation refused");
    expect((caught as Error).stack).toContain("registration.test.ts");
    expect(Error.stackTraceLimit).toBe(limitBefore);
  });
});
