import { describe, expect, it } from "vitest";
import { WebhookApiError } from "../../provider/core/errors";
import {
  createdHere,
  createMatching,
  createOnce,
  type CreateOnceSteps,
  type ListAndMatch,
} from "../../provider/core/create-once";
import { mayHaveBeenApplied } from "../../provider/core/errors";
import type { ApiTarget } from "../../provider/core/http";
import { UnconfirmedCreateError } from "../../provider/core/unconfirmed-create";

const TEST_API: ApiTarget = {
  vendor: "Test",
  baseUrl: "http://127.0.0.1:9",
  headers: {},
  parseError: () => ({}),
};
const lost = () =>
  new WebhookApiError({ code: "WH_NETWORK", vendor: "Test", operation: "create", cause: "socket closed" });
const rejected = () =>
  new WebhookApiError({ code: "WH_INVALID", vendor: "Test", operation: "create", statusCode: 400 });

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A fake vendor: `existing` ids, posts answered by `outcomes` in turn (an Error is thrown after the write applies when `applied`). */
function fakeVendor(
  key: string,
  outcomes: Array<"ok" | "lost" | "not-applied" | "invalid">,
  existing: string[] = [],
) {
  const objects = [...existing];
  const log: string[] = [];
  let next = 0;
  const steps: CreateOnceSteps<string> = {
    api: TEST_API,
    request: key,
    matchingBefore: async () => new Set(objects),
    post: async () => {
      const outcome = outcomes.shift() ?? "ok";
      log.push(`post ${outcome}`);
      if (outcome === "invalid") throw rejected();
      if (outcome === "not-applied") throw lost();
      const id = `${key}-${++next}`;
      objects.push(id);
      if (outcome === "lost") throw lost();
      return id;
    },
    idOf: (id) => id,
    matchingIds: async () => [...objects],
    recover: async (orphans) => {
      log.push(`recover ${orphans.join(",")}`);
      return undefined;
    },
  };
  return { steps, log, objects };
}

describe("createOnce (look before re-posting)", () => {
  it("classifies failures that may have been applied", () => {
    expect(mayHaveBeenApplied(lost())).toBe(true);
    expect(mayHaveBeenApplied(new WebhookApiError({ code: "WH_TIMEOUT", vendor: "T", operation: "o" }))).toBe(
      true,
    );
    expect(
      mayHaveBeenApplied(
        new WebhookApiError({ code: "WH_VENDOR", vendor: "T", operation: "o", statusCode: 502 }),
      ),
    ).toBe(true);
    expect(mayHaveBeenApplied(rejected())).toBe(false);
    expect(mayHaveBeenApplied(new Error("bug"))).toBe(false);
  });

  it("hands what a lost attempt made to recover, never what existed before, then posts again", async () => {
    const vendor = fakeVendor("a", ["lost", "ok"], ["old-1"]);
    expect(await createOnce(vendor.steps)).toBe("a-2");
    expect(vendor.log).toEqual(["post lost", "recover a-1", "post ok"]);
  });

  it("posts again without recovering when nothing was made", async () => {
    const vendor = fakeVendor("b", ["not-applied", "ok"]);
    expect(await createOnce(vendor.steps)).toBe("b-1");
    expect(vendor.log).toEqual(["post not-applied", "post ok"]);
  });

  it("uses a recovered result instead of posting again", async () => {
    const vendor = fakeVendor("c", ["lost"]);
    vendor.steps.recover = async (orphans) => orphans[0];
    expect(await createOnce(vendor.steps)).toBe("c-1");
  });

  it("throws a definite failure at once, and the last ambiguous one after the attempts, recovering after it too", async () => {
    const invalid = fakeVendor("d", ["invalid"]);
    await expect(createOnce(invalid.steps)).rejects.toMatchObject({ code: "WH_INVALID" });
    expect(invalid.log).toEqual(["post invalid"]);

    const flaky = fakeVendor("e", ["lost", "lost"]);
    flaky.steps.attempts = 2;
    await expect(createOnce(flaky.steps)).rejects.toMatchObject({ code: "WH_NETWORK" });
    expect(flaky.log).toEqual(["post lost", "recover e-1", "post lost", "recover e-2"]);
  });

  it("runs creates of the same request one at a time, and others side by side", async () => {
    const gate = deferred();
    const order: string[] = [];
    const steps = (key: string, name: string): CreateOnceSteps<string> => ({
      api: TEST_API,
      request: key,
      matchingBefore: async () => new Set(),
      post: async () => {
        order.push(`${name} start`);
        if (name === "first") await gate.promise;
        order.push(`${name} end`);
        return `${name}-id`;
      },
      idOf: (id) => id,
      matchingIds: async () => [],
      recover: async () => undefined,
    });
    const first = createOnce(steps("same", "first"));
    const second = createOnce(steps("same", "second"));
    const other = createOnce(steps("other", "other"));
    await other;
    expect(order).toEqual(["first start", "other start", "other end"]);
    gate.resolve();
    expect(await Promise.all([first, second])).toEqual(["first-id", "second-id"]);
    expect(order).toEqual([
      "first start",
      "other start",
      "other end",
      "first end",
      "second start",
      "second end",
    ]);
  });

  it("never hands one create's object to another create's recover", async () => {
    const objects: string[] = [];
    const recovered: string[][] = [];
    let posts = 0;
    const steps: CreateOnceSteps<string> = {
      api: TEST_API,
      request: "shared-objects",
      matchingBefore: async () => new Set(objects),
      post: async () => {
        const id = `x-${++posts}`;
        objects.push(id);
        if (posts === 2) throw lost();
        return id;
      },
      idOf: (id) => id,
      matchingIds: async () => [...objects],
      recover: async (orphans) => {
        recovered.push(orphans);
        return undefined;
      },
    };
    expect(await createOnce(steps)).toBe("x-1");
    // x-1 did not exist before this second create started, but it is the first create's: claimed.
    objects.splice(0, objects.length, "x-1");
    expect(await createOnce({ ...steps, matchingBefore: async () => new Set() })).toBe("x-3");
    expect(recovered).toEqual([["x-2"]]);
  });

  it("ends unconfirmed when the look-up after an ambiguous failure fails too, naming what matched before", async () => {
    const vendor = fakeVendor("quiet", ["lost"], ["old-1"]);
    vendor.steps.matchingIds = async () => {
      throw lost();
    };
    const error = await createOnce(vendor.steps).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnconfirmedCreateError);
    expect((error as UnconfirmedCreateError).reason.code).toBe("WH_NETWORK");
    expect((error as UnconfirmedCreateError).preexisting).toEqual(["old-1"]);
    // Nothing posted again: a second object would be as unseen as the first.
    expect(vendor.log).toEqual(["post lost"]);
  });

  it("counts the objects this process made for the same request as preexisting for an unconfirmed create", async () => {
    const objects: string[] = [];
    let posts = 0;
    const steps: CreateOnceSteps<string> = {
      api: TEST_API,
      request: "twice-declared",
      matchingBefore: async () => new Set(),
      post: async () => {
        const id = `t-${++posts}`;
        objects.push(id);
        if (posts === 2) throw lost();
        return id;
      },
      idOf: (id) => id,
      matchingIds: async () => {
        throw lost();
      },
      recover: async () => undefined,
    };
    expect(await createOnce(steps)).toBe("t-1");
    const error = (await createOnce(steps).catch((caught: unknown) => caught)) as UnconfirmedCreateError;
    expect(error.preexisting).toEqual(["t-1"]);
  });

  it("does not end unconfirmed when the failure was definite or the first look-up failed", async () => {
    const invalid = fakeVendor("definite", ["invalid"]);
    invalid.steps.matchingIds = async () => {
      throw lost();
    };
    await expect(createOnce(invalid.steps)).rejects.toMatchObject({ code: "WH_INVALID" });
    const unlisted = fakeVendor("unlisted", ["ok"]);
    unlisted.steps.matchingBefore = async () => {
      throw lost();
    };
    await expect(createOnce(unlisted.steps)).rejects.toMatchObject({ code: "WH_NETWORK" });
    expect(unlisted.log).toEqual([]);
  });

  it("knows what this process created, per API and credential", async () => {
    const vendor = fakeVendor("scoped", ["ok"]);
    const id = await createOnce(vendor.steps);
    expect(createdHere(TEST_API, id)).toBe(true);
    expect(createdHere({ ...TEST_API, baseUrl: "http://127.0.0.1:10" }, id)).toBe(false);
    expect(createdHere({ ...TEST_API, headers: { authorization: "Bearer other" } }, id)).toBe(false);
  });
});

describe("createMatching (a vendor's list and match, declared once)", () => {
  it("runs createOnce with the vendor's steps, each given the api, the inputs and, for the post, the identity", async () => {
    const objects = ["existing-1"];
    const seen: unknown[] = [];
    const guard: ListAndMatch<{ name: string }, string, ApiTarget> = {
      api: () => TEST_API,
      request: (inputs) => ({ body: inputs.name }),
      matchingBefore: async (api, inputs) => {
        seen.push(["before", api.vendor, inputs.name]);
        return objects.filter((id) => id.startsWith(inputs.name));
      },
      post: async (api, inputs, identity) => {
        seen.push(["post", api.vendor, inputs.name, identity]);
        objects.push(`${inputs.name}-lost`);
        if (seen.length === 2) throw lost();
        return `${inputs.name}-made`;
      },
      idOf: (id) => id,
      matchingIds: async (_api, inputs) => objects.filter((id) => id.startsWith(inputs.name)),
      recover: async (_api, orphans, inputs) => {
        seen.push(["recover", orphans, inputs.name]);
        return undefined;
      },
      remove: async () => undefined,
    };
    expect(await createMatching(guard, TEST_API, { name: "existing" }, "identity-1")).toBe("existing-made");
    expect(seen).toEqual([
      ["before", "Test", "existing"],
      ["post", "Test", "existing", "identity-1"],
      ["recover", ["existing-lost"], "existing"],
      ["post", "Test", "existing", "identity-1"],
    ]);
  });

  it("asks the vendor what to throw when objects nobody here knows match, with the inputs", async () => {
    const guard: ListAndMatch<{ name: string }, string, ApiTarget> = {
      api: () => TEST_API,
      request: (inputs) => inputs,
      matchingBefore: async () => ["stranger-1"],
      post: async () => "never",
      idOf: (id) => id,
      matchingIds: async () => [],
      recover: async () => undefined,
      existing: (ids, inputs) => new Error(`${inputs.name}: ${ids.join(", ")} already there`),
      remove: async () => undefined,
    };
    await expect(createMatching(guard, TEST_API, { name: "twin" })).rejects.toThrow(
      "twin: stranger-1 already there",
    );
  });
});
