import { describe, expect, it } from "vitest";
import { webhookConfigurationProvider } from "../../provider/sendblue/provider";
import { emptyDocument, SENDBLUE_TEST_SECRET_KEY, type SendblueEmulatorOptions } from "../emulators/sendblue";
import { ACCOUNT, checkedBy, failure, PATH, startWithEnv, useSendblueEmulator } from "./context";

// The provider called directly, as the host calls it after check, against the emulator.
const provider = webhookConfigurationProvider;
const { current: emulator, calls, writes, document } = useSendblueEmulator();
const checked = (news: Record<string, unknown>) => checkedBy(provider, news);

/** An emulator with other rules than the shared one, in its place for this test (the test closes it). */
async function fresh(options: SendblueEmulatorOptions) {
  const current = await startWithEnv(options);
  return {
    current,
    document: () => current.store.document(ACCOUNT),
    writes: () =>
      current.requests
        .filter((request) => request.method !== "GET")
        .map((request) => [request.method, request.body]),
  };
}
const URL_A = "https://hooks.example.com/sendblue/a";
const URL_B = "https://hooks.example.com/sendblue/b";
const HAND_MADE = "https://hand-made.example.com/hook";
/** An empty PUT: the six types of the v2 model, never `typing_indicator` unless declared or there to clear. */
const EMPTY_WIRE = {
  receive: [],
  outbound: [],
  call_log: [],
  line_blocked: [],
  line_assigned: [],
  contact_created: [],
};

const declared = {
  receive: [URL_B, { url: URL_A, secret: "entry-secret" }],
  callLog: [URL_A],
  contactCreated: [URL_B],
  globalSecret: "global-secret-1",
};

describe("sendblue.WebhookConfiguration provider › create", () => {
  it("writes the whole document with one PUT on an empty account, confirmed by the PUT's answer", async () => {
    const inputs = await checked(declared);
    const { id, outs } = await provider.create!(inputs);
    expect(calls()).toEqual([`GET ${PATH}`, `PUT ${PATH}`]);
    expect(writes()).toEqual([
      [
        "PUT",
        {
          webhooks: {
            ...EMPTY_WIRE,
            receive: [{ url: URL_A, secret: "entry-secret" }, URL_B],
            call_log: [URL_A],
            contact_created: [URL_B],
            globalSecret: "global-secret-1",
          },
        },
      ],
    ]);
    expect(id).toBe("account");
    expect(outs).toEqual(inputs);
    expect(document()).toEqual({
      ...emptyDocument(),
      receive: [{ url: URL_A, secret: "entry-secret" }, URL_B],
      call_log: [URL_A],
      contact_created: [URL_B],
      globalSecret: "global-secret-1",
    });
  });

  it("refuses to replace a configuration nobody declared unless adopt is set, and names no secret", async () => {
    emulator().store.replace(ACCOUNT, {
      receive: [{ url: HAND_MADE, secret: "hand-secret" }],
      outbound: [HAND_MADE],
      globalSecret: "their-global",
    });
    const error = await failure(provider.create!(await checked(declared)));
    expect(error.message).toBe(
      "Sendblue create webhook configuration failed: the account's webhook configuration is not empty (1 receive, 1 outbound, a globalSecret), and this resource would replace all of it. Declare those entries and set `adopt: true` to take the configuration over, or manage single entries with sendblue.Webhook instead",
    );
    expect(writes()).toEqual([]);

    await provider.create!(await checked({ ...declared, adopt: true }));
    expect(document()).toMatchObject({
      receive: [{ url: URL_A, secret: "entry-secret" }, URL_B],
      outbound: [],
      globalSecret: "global-secret-1",
    });
  });

  it("takes over a configuration that already is the declared one without a write", async () => {
    emulator().store.replace(ACCOUNT, {
      receive: [URL_B, { url: URL_A, secret: "entry-secret" }],
      call_log: [{ url: URL_A }],
      contact_created: [URL_B],
      globalSecret: "global-secret-1",
    });
    await provider.create!(await checked(declared));
    expect(writes()).toEqual([]);
  });

  it("reads back when the PUT's answer does not show the document, and keeps the configuration in state as a partial failure when that read-back fails", async () => {
    const { current } = await fresh({ writeAnswersWithoutLists: true });
    await provider.create!(await checked({ receive: [URL_A] }));
    expect(current.requests.map((request) => request.method)).toEqual(["GET", "PUT", "GET"]);
    current.onWrite(() => current.faults.add({ kind: "status", status: 500, method: "GET", times: 1 }));
    const inputs = await checked({ ...declared, adopt: true });
    const error = await failure(provider.create!(inputs));
    expect(error.name).toBe("ResourceInitError");
    expect(error.id).toBe("account");
    expect(error.properties).toEqual(inputs);
    expect(error.message).not.toContain("global-secret-1");
    await current.close();
  });

  it("also keeps it in state when the PUT landed but its answer never came, and the read-back fails", async () => {
    // Otherwise the engine forgets a configuration the account now holds: destroy would leave it all behind, and
    // the next up of a changed program would refuse the account as "not empty".
    emulator().faults.add({ kind: "lost", method: "PUT", times: Infinity });
    emulator().onWrite(() =>
      emulator().faults.add({ kind: "status", status: 500, method: "GET", times: Infinity }),
    );
    const inputs = await checked(declared);
    const error = await failure(provider.create!(inputs));
    expect(document().globalSecret).toBe("global-secret-1");
    expect(error.name).toBe("ResourceInitError");
    expect(error.id).toBe("account");
    expect(error.properties).toEqual(inputs);
    expect(error.message).not.toContain("global-secret-1");
  });

  it("writes again when the PUT was swallowed", async () => {
    emulator().loseNextWrites(1);
    await provider.create!(await checked({ receive: [URL_A] }));
    expect(emulator().requests.filter((request) => request.method === "PUT")).toHaveLength(2);
    expect(document()).toEqual({ ...emptyDocument(), receive: [URL_A] });
  });

  it("compares entries whatever key order the host hands the inputs in", async () => {
    // The host rebuilds inputs from protobuf Structs, whose keys come back sorted: `{secret, url}`.
    const inputs = await checked(declared);
    const reordered = {
      ...inputs,
      receive: (inputs.receive as unknown[]).map((entry) =>
        typeof entry === "string"
          ? entry
          : { secret: (entry as { secret: string }).secret, url: (entry as { url: string }).url },
      ),
    };
    await provider.create!(reordered);
    expect(writes()).toHaveLength(1);
  });
});

describe("sendblue.WebhookConfiguration provider › the legacy account secret", () => {
  it.each([
    ["clears", false],
    ["keeps", true],
  ])(
    "left undeclared, is left alone and settles with one PUT when Sendblue %s an omitted one",
    async (_how, keeps) => {
      const {
        current,
        document: documentOf,
        writes: writesOf,
      } = await fresh({ putKeepsLegacySecret: keeps });
      current.store.replace(ACCOUNT, { secret: "legacy-secret" });
      const { id, outs } = await provider.create!(await checked({ receive: [URL_A] }));
      expect(writesOf()).toEqual([["PUT", { webhooks: { ...EMPTY_WIRE, receive: [URL_A] } }]]);
      expect(documentOf().secret).toBe(keeps ? "legacy-secret" : undefined);
      const read = await provider.read!(id, outs);
      expect(read.props).not.toHaveProperty("legacySecret");
      expect((await provider.diff!(id, read.props!, outs)).changes).toBe(false);
      await provider.delete!(id, outs);
      expect(writesOf()).toHaveLength(2);
      await current.close();
    },
  );

  it("declared, is written, read back, shown as drift when changed by hand, and written again", async () => {
    emulator().store.replace(ACCOUNT, { secret: "old-legacy" });
    const refused = await failure(
      provider.create!(await checked({ receive: [URL_A], legacySecret: "legacy-1" })),
    );
    expect(refused.message).toContain("is not empty (a legacy secret)");
    const { id, outs } = await provider.create!(
      await checked({ receive: [URL_A], legacySecret: "legacy-1", adopt: true }),
    );
    expect(writes()).toEqual([
      ["PUT", { webhooks: { ...EMPTY_WIRE, receive: [URL_A], secret: "legacy-1" } }],
    ]);
    emulator().store.replace(ACCOUNT, { ...document(), secret: "changed-by-hand" });
    const read = await provider.read!(id, outs);
    expect(read.props?.legacySecret).toBe("changed-by-hand");
    expect((await provider.diff!(id, read.props!, outs)).changes).toBe(true);
    await provider.update!(id, read.props!, outs);
    expect(document().secret).toBe("legacy-1");
  });
});

describe("sendblue.WebhookConfiguration provider › typing_indicator (outside the documented v2 model)", () => {
  it("is sent only when declared, or as an empty list to clear entries the account shows", async () => {
    const { id, outs } = await provider.create!(await checked({ typingIndicator: [URL_A] }));
    expect(writes()).toEqual([["PUT", { webhooks: { ...EMPTY_WIRE, typing_indicator: [URL_A] } }]]);
    emulator().clearRequests();
    await provider.update!(id, outs, await checked({ receive: [URL_A] }));
    expect(writes()).toEqual([
      ["PUT", { webhooks: { ...EMPTY_WIRE, receive: [URL_A], typing_indicator: [] } }],
    ]);
    emulator().clearRequests();
    await provider.delete!(id, outs);
    expect(writes()).toEqual([["PUT", { webhooks: EMPTY_WIRE }]]);
  });

  it("settles against a v2 path that does not know the type at all", async () => {
    const { current, writes: writesOf } = await fresh({ strictV2Model: true });
    const { id, outs } = await provider.create!(await checked(declared));
    await provider.update!(id, outs, await checked({ receive: [URL_B] }));
    await provider.delete!(id, outs);
    expect(writesOf().map(([method]) => method)).toEqual(["PUT", "PUT", "PUT"]);
    const refused = await failure(provider.create!(await checked({ typingIndicator: [URL_A] })));
    expect(refused.message).toContain("HTTP 400");
    expect(refused.message).toContain("Invalid webhook type: typing_indicator");
    await current.close();
  });
});

describe("sendblue.WebhookConfiguration provider › read, update, delete", () => {
  it("shows an entry added by hand and a changed globalSecret as drift", async () => {
    const { id, outs } = await provider.create!(await checked(declared));
    emulator().store.append(ACCOUNT, "receive", [HAND_MADE]);
    emulator().store.setGlobalSecret(ACCOUNT, "rotated-by-hand");
    const read = await provider.read!(id, outs);
    const expected = {
      ...outs,
      receive: [HAND_MADE, { url: URL_A, secret: "entry-secret" }, URL_B],
      globalSecret: "rotated-by-hand",
    };
    expect(read).toEqual({ id, props: expected, inputs: expected });
    expect((await provider.diff!(id, read.props!, outs)).changes).toBe(true);
  });

  it("shows an entry duplicated by hand as drift (Sendblue delivers to each copy), and update removes the copy", async () => {
    const { id, outs } = await provider.create!(await checked(declared));
    emulator().store.append(ACCOUNT, "call_log", [URL_A]);
    const read = await provider.read!(id, outs);
    expect(read.props?.callLog).toEqual([URL_A, URL_A]);
    expect((await provider.diff!(id, read.props!, outs)).changes).toBe(true);
    await provider.update!(id, read.props!, outs);
    expect(document().call_log).toEqual([URL_A]);
  });

  it("reads a configuration emptied by hand as empty lists, not as gone", async () => {
    const { id, outs } = await provider.create!(await checked(declared));
    emulator().store.replace(ACCOUNT, {});
    const read = await provider.read!(id, outs);
    expect(read.id).toBe("account");
    expect(read.props).toEqual({
      receive: [],
      outbound: [],
      typingIndicator: [],
      callLog: [],
      lineBlocked: [],
      lineAssigned: [],
      contactCreated: [],
      adopt: false,
    });
  });

  it("updates with one PUT of the new document, removing a hand-made entry and an unset globalSecret", async () => {
    const { id, outs } = await provider.create!(await checked(declared));
    emulator().store.append(ACCOUNT, "outbound", [HAND_MADE]);
    emulator().clearRequests();
    const news = await checked({ receive: [URL_A], typingIndicator: [{ url: URL_B, secret: "typing" }] });
    const { outs: updated } = await provider.update!(id, outs, news);
    expect(writes()).toEqual([
      [
        "PUT",
        {
          webhooks: { ...EMPTY_WIRE, receive: [URL_A], typing_indicator: [{ url: URL_B, secret: "typing" }] },
        },
      ],
    ]);
    expect(updated).toEqual(news);
    expect(document()).toEqual({
      ...emptyDocument(),
      receive: [URL_A],
      typing_indicator: [{ url: URL_B, secret: "typing" }],
    });
  });

  it("delete empties the document", async () => {
    const { id, outs } = await provider.create!(await checked(declared));
    emulator().clearRequests();
    await provider.delete!(id, outs);
    expect(writes()).toEqual([["PUT", { webhooks: EMPTY_WIRE }]]);
    expect(document()).toEqual(emptyDocument());
    emulator().clearRequests();
    await provider.delete!(id, outs);
    expect(writes()).toEqual([]);
  });

  it("keeps every secret out of a failure's message", async () => {
    const { id, outs } = await provider.create!(await checked(declared));
    emulator().loseNextWrites(10);
    const error = await failure(
      provider.update!(id, outs, await checked({ ...declared, globalSecret: "global-secret-2" })),
    );
    expect(error.message).toMatch(
      /^Sendblue update webhook configuration failed: Sendblue did not keep the change to the webhook configuration after 3 writes/,
    );
    for (const secret of ["entry-secret", "global-secret-1", "global-secret-2", SENDBLUE_TEST_SECRET_KEY])
      expect(error.message).not.toContain(secret);
  });
});

describe("sendblue.getWebhookConfiguration", () => {
  it("returns the whole document in the shape of the resource's outputs, with credentials from the environment", async () => {
    const { getWebhookConfiguration } = await import("../../sdk/sendblue");
    emulator().store.replace(ACCOUNT, {
      receive: [URL_B, { url: URL_A, secret: "entry-secret" }],
      contact_created: [HAND_MADE],
      globalSecret: "g-1",
      secret: "legacy-1",
    });
    expect(await getWebhookConfiguration()).toEqual({
      receive: [{ url: URL_A, secret: "entry-secret" }, URL_B],
      outbound: [],
      typingIndicator: [],
      callLog: [],
      lineBlocked: [],
      lineAssigned: [],
      contactCreated: [HAND_MADE],
      globalSecret: "g-1",
      legacySecret: "legacy-1",
    });
    expect(calls()).toEqual([`GET ${PATH}`]);
  });

  it("has an Output form that is secret exactly when the account holds a secret", async () => {
    const pulumi = await import("@pulumi/pulumi");
    const { getWebhookConfigurationOutput } = await import("../../sdk/sendblue");
    const settledValue = <T>(output: import("@pulumi/pulumi").Output<T>) =>
      new Promise<T>((resolve) => output.apply((value) => resolve(value)));
    emulator().store.replace(ACCOUNT, { receive: [URL_A] });
    const plain = getWebhookConfigurationOutput();
    expect((await settledValue(plain)).receive).toEqual([URL_A]);
    expect(await pulumi.isSecret(plain)).toBe(false);
    emulator().store.replace(ACCOUNT, { receive: [URL_A], globalSecret: "g-2" });
    const secret = getWebhookConfigurationOutput();
    expect((await settledValue(secret)).globalSecret).toBe("g-2");
    expect(await pulumi.isSecret(secret)).toBe(true);
  });
});
