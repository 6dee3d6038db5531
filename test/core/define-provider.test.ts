import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createOnce, type ListAndMatch } from "../../provider/core/create-once";
import { defineProvider, type ProviderImplementation } from "../../provider/core/define-provider";
import {
  notFoundError,
  operationError,
  ResourceInitError,
  WebhookApiError,
} from "../../provider/core/errors";
import { IDENTITY_INPUT } from "../../provider/core/identity-input";
import { markedSecret } from "../../provider/core/sanitize";
import { isHeldId } from "../../provider/core/state-ids";
import { placeholderId, UnconfirmedCreateError } from "../../provider/core/unconfirmed-create";
import { failure } from "../support/failure";

interface Inputs {
  url: string;
  token?: string;
}
interface Outputs extends Inputs {
  createdAt?: string;
}

const schema = z.object({ url: z.string().startsWith("https://"), token: z.string().optional() }).strict();
const SCOPE = { baseUrl: "http://127.0.0.1:9", headers: { authorization: "define-provider test" } };

/** A vendor that records what it was called with; each test overrides the operations it exercises. */
function fakeVendor(overrides: Partial<ProviderImplementation<Inputs, Outputs>> = {}) {
  const calls: Array<[string, ...unknown[]]> = [];
  const impl: ProviderImplementation<Inputs, Outputs> = {
    check: schema,
    diff: { url: "replace", token: "update" },
    objectsAt: () => SCOPE,
    secretValues: (props) => [props.token],
    async create(inputs, context) {
      calls.push(["create", inputs, context]);
      return { id: "made-1", outs: { ...inputs, createdAt: undefined } };
    },
    async read(id, props) {
      calls.push(["read", id, props]);
      return { id, props: props as Outputs };
    },
    async update(id, olds, news) {
      calls.push(["update", id, olds, news]);
      return { outs: news };
    },
    async delete(id, props) {
      calls.push(["delete", id, props]);
    },
    ...overrides,
  };
  return { provider: defineProvider(impl), calls };
}

const lost = () =>
  new WebhookApiError({ code: "WH_NETWORK", vendor: "Test", operation: "create webhook", cause: "reset" });

describe("core › defineProvider › check and diff", () => {
  it("checks with the schema it was given, without __provider, secret markers or the identity, and hands the identity on", async () => {
    const { provider } = fakeVendor();
    const result = await provider.check(
      {},
      {
        url: markedSecret("https://hooks.example.com/a"),
        __provider: "serialized",
        [IDENTITY_INPUT]: "project\nstack\ntest:Webhook\na",
      },
    );
    expect(result).toEqual({
      inputs: { url: "https://hooks.example.com/a", [IDENTITY_INPUT]: "project\nstack\ntest:Webhook\na" },
      failures: [],
    });
    expect((await provider.check({}, { url: "http://plain" })).failures).toEqual([
      { property: "url", reason: expect.stringContaining("url:") },
    ]);
  });

  it("diffs with the change-kind table it was given, and a function still works", async () => {
    const { provider } = fakeVendor();
    expect(
      await provider.diff("id-1", { url: "https://a", token: "t" }, { url: "https://b", token: "t" }),
    ).toEqual({ changes: true, replaces: ["url"], deleteBeforeReplace: false });
    const custom = fakeVendor({
      diff: async () => ({ changes: true, replaces: [], deleteBeforeReplace: false }),
    });
    expect((await custom.provider.diff("id-1", { url: "https://a" }, { url: "https://a" })).changes).toBe(
      true,
    );
  });

  it("notes every id the engine shows it as held in state", async () => {
    const { provider } = fakeVendor();
    await provider.diff("held-by-diff", { url: "https://a" }, { url: "https://a" });
    await provider.read("held-by-read", { url: "https://a" });
    expect([isHeldId("held-by-diff"), isHeldId("held-by-read"), isHeldId("never-shown")]).toEqual([
      true,
      true,
      false,
    ]);
  });
});

describe("core › defineProvider › create, read, update, delete", () => {
  it("creates from the declared inputs alone, with the identity as context, and returns outputs the host can store", async () => {
    const { provider, calls } = fakeVendor();
    const result = await provider.create({
      url: "https://a",
      __provider: "serialized",
      [IDENTITY_INPUT]: "project\nstack\ntest:Webhook\na",
    });
    expect(calls).toEqual([
      ["create", { url: "https://a" }, { identity: "project\nstack\ntest:Webhook\na" }],
    ]);
    // `createdAt: undefined` would make the host's protobuf conversion throw after the object was made.
    expect(result).toEqual({ id: "made-1", outs: { url: "https://a" } });
  });

  it("lets no error leave with a registered secret or a multi-line stack in it", async () => {
    const token = "tok-define-provider-0123456789";
    const { provider } = fakeVendor({
      async update(id, _olds, news) {
        throw new Error(`update of ${id} refused\nthe vendor echoed ${news.token}`);
      },
    });
    const error = await failure(
      provider.update("id-1", { url: "https://a" }, { url: "https://a", token: markedSecret(token) }),
    );
    expect(error.message).toBe("update of id-1 refused the vendor echoed [redacted]");
    expect(error.stack).toBe(`Error: ${error.message}`);
  });

  it("keeps __provider in the properties of a partial failure, so the engine can delete the half-made object", async () => {
    const { provider } = fakeVendor({
      async create(inputs) {
        throw new ResourceInitError("made-1", inputs, new Error("activation failed"));
      },
    });
    const error = await failure(provider.create({ url: "https://a", __provider: "serialized" }));
    expect(error).toBeInstanceOf(ResourceInitError);
    expect(error).toMatchObject({
      id: "made-1",
      properties: { url: "https://a", __provider: "serialized" },
      message: "activation failed",
    });
  });

  it("leaves alone an object a create took over for a new resource when an old resource holding it is deleted (a rename)", async () => {
    const { provider, calls } = fakeVendor({
      async create(inputs) {
        calls.push(["create", inputs]);
        return { id: "existing-1", outs: inputs, tookOver: true };
      },
    });
    // The renamed resource took the object over (adopt), then the engine deletes the resource of the old name.
    await provider.create({ url: "https://a" });
    await provider.delete("existing-1", { url: "https://a" });
    // Any other object is deleted as before.
    await provider.delete("made-0", { url: "https://b" });
    expect(calls.filter(([operation]) => operation === "delete")).toEqual([
      ["delete", "made-0", { url: "https://b" }],
    ]);
  });

  it("deletes what a create made, and what another provider instance took over (a later destroy runs in a process of its own)", async () => {
    const made = fakeVendor();
    await made.provider.create({ url: "https://a" });
    await made.provider.delete("made-1", { url: "https://a" });
    expect(made.calls.filter(([operation]) => operation === "delete")).toEqual([
      ["delete", "made-1", { url: "https://a" }],
    ]);
    const taking = fakeVendor({
      create: async (inputs) => ({ id: "existing-1", outs: inputs, tookOver: true }),
    });
    await taking.provider.create({ url: "https://a" });
    const later = fakeVendor();
    await later.provider.delete("existing-1", { url: "https://a" });
    expect(later.calls).toEqual([["delete", "existing-1", { url: "https://a" }]]);
  });

  it("says to refresh when an update meets a not-found error, for a vendor that declares where its objects live", async () => {
    const gone = async () => {
      throw notFoundError("Test", "read webhook", "id-1");
    };
    const declared = fakeVendor({
      update: gone,
      deletedOutsidePulumi: { where: (olds) => `at ${olds.url}` },
    });
    const error = await failure(declared.provider.update("id-1", { url: "https://a" }, { url: "https://a" }));
    expect(error).toMatchObject({ code: "WH_NOT_FOUND", operation: "update webhook" });
    expect(error.message).toBe(
      "Test update webhook failed: webhook id-1 no longer exists at https://a (deleted outside Pulumi); run `pulumi refresh` and then `pulumi up` to recreate it",
    );
    // Any other error, and any error of a vendor that does not declare it, passes unchanged.
    const conflict = fakeVendor({
      deletedOutsidePulumi: { where: () => "at Test" },
      update: async () => {
        throw operationError("Test", "update webhook", "WH_CONFLICT", "busy");
      },
    });
    expect(
      (await failure(conflict.provider.update("id-1", { url: "https://a" }, { url: "https://a" }))).message,
    ).toBe("Test update webhook failed: busy");
    const undeclared = fakeVendor({ update: gone });
    expect(
      (await failure(undeclared.provider.update("id-1", { url: "https://a" }, { url: "https://a" }))).message,
    ).toBe("Test read webhook failed: id-1 not found");
  });
});

describe("core › defineProvider › a create that could not be confirmed", () => {
  /** Objects at a fake vendor, by id, and what the vendor's list and match removed. */
  function listingVendor(objects: string[]) {
    const removed: string[] = [];
    const listAndMatch: ListAndMatch<Inputs, string> = {
      api: () => SCOPE,
      request: (inputs) => inputs,
      matchingBefore: async () => [],
      post: async () => "never",
      idOf: (id) => id,
      matchingIds: async () => objects.filter((id) => !removed.includes(id)),
      recover: async () => undefined,
      remove: async (_api, id) => void removed.push(id),
    };
    return { listAndMatch, removed };
  }

  it("is kept as a placeholder the engine replaces (delete first) and reads as it is; it cannot be updated", async () => {
    const { listAndMatch } = listingVendor([]);
    const { provider, calls } = fakeVendor({
      listAndMatch,
      async create() {
        throw new UnconfirmedCreateError(lost(), ["before-1"]);
      },
    });
    const error = await failure(provider.create({ url: "https://a", __provider: "serialized" }));
    const id = placeholderId(["before-1"]);
    expect(error).toMatchObject({ id, properties: { url: "https://a", __provider: "serialized" } });
    expect(error.message).toContain(`kept in state as ${id}`);

    expect(await provider.diff(id, { url: "https://a" }, { url: "https://a", token: "t" })).toEqual({
      changes: true,
      replaces: ["token", "url"],
      deleteBeforeReplace: true,
    });
    expect(await provider.read(id, { url: "https://a" })).toEqual({
      id,
      props: { url: "https://a" },
      inputs: { url: "https://a" },
    });
    expect(
      (await failure(provider.update(id, { url: "https://a" }, { url: "https://a" }))).message,
    ).toContain("could not be confirmed and cannot be updated");
    expect(calls).toEqual([]);
  });

  it("fails with the create's own error for a vendor without list and match: no placeholder nothing could settle", async () => {
    const { provider } = fakeVendor({
      async create() {
        throw new UnconfirmedCreateError(lost(), []);
      },
    });
    const error = await failure(provider.create({ url: "https://a" }));
    expect(error).not.toBeInstanceOf(ResourceInitError);
    expect(error.message).toBe("Test create webhook failed: reset");
  });

  it("deletes what the create made: not what matched before, nor what this process made for another resource", async () => {
    // An object this process made (and so some resource of this run holds) for the same declaration.
    await createOnce({
      api: SCOPE,
      request: "another resource",
      matchingBefore: async () => new Set(),
      post: async () => "made-here",
      idOf: (id) => id,
      matchingIds: async () => [],
      recover: async () => undefined,
    });
    const vendor = listingVendor(["before-1", "made-here", "made-by-attempt"]);
    const { provider, calls } = fakeVendor({ listAndMatch: vendor.listAndMatch });
    await provider.delete(placeholderId(["before-1"]), { url: "https://a" });
    expect(vendor.removed).toEqual(["made-by-attempt"]);
    expect(calls).toEqual([]);
  });
});
