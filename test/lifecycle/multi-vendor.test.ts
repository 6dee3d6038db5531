/**
 * examples/multi-vendor: one receiver subscribed on all five platforms, against the five emulators (free ports),
 * through the real host: up, a no-op up, the failing paths against vendors echoing what they were sent or hold,
 * and destroy; secrets held as secrets throughout. (The sandbox process itself is run by quickstart.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConvercEmulator, type ConvercEmulator } from "../emulators/converc";
import { startConversantEmulator, type ConversantEmulator } from "../emulators/conversant";
import { startConvirzaEmulator, type ConvirzaEmulator } from "../emulators/convirza";
import { startErzycallEmulator, type ErzycallEmulator } from "../emulators/erzycall";
import { startSendblueEmulator, type SendblueEmulator } from "../emulators/sendblue";
import { fixtureDir, secretArg } from "../harness";
import { expectEchoed, expectNoLeaks, failAgainstEchoingVendor } from "./hygiene";
import { Lifecycle, prepareProgram } from "./index";
import {
  convercCredentials,
  convercHeld,
  conversantCredentials,
  convirzaCredentials,
  convirzaHeld,
  erzycallCredentials,
  erzycallHeld,
  sendblueCredentials,
  sendblueHeld,
  type SentinelCredentials,
} from "./sentinel-credentials";
import { markText, sentinel, type TextMark } from "./sentinels";

let emulators: [ConvirzaEmulator, ConvercEmulator, ErzycallEmulator, SendblueEmulator, ConversantEmulator];
let stack: Lifecycle;
let credentials: SentinelCredentials[];
/** Where the text after the failing paths starts: the destroy is checked from there. */
let mark: TextMark;
/** Per vendor (in `emulators` order), its credentials and the signing secret it issued or was given. */
let perVendor: string[][] = [];
const sentinels = () => perVendor.flat();
/** The Sendblue entry secret, which the user chooses: fresh, like every other value looked for. */
const SENDBLUE_SECRET = sentinel("sendblue-entry-secret-");

beforeAll(async () => {
  emulators = await Promise.all([
    startConvirzaEmulator(),
    startConvercEmulator(),
    startErzycallEmulator(),
    startSendblueEmulator(),
    startConversantEmulator(),
  ]);
  const [convirza, converc, erzycall, sendblue, conversant] = emulators;
  credentials = [
    convirzaCredentials(convirza),
    convercCredentials(converc),
    erzycallCredentials(erzycall),
    sendblueCredentials(sendblue),
    conversantCredentials(conversant),
  ];
  const config = Object.assign(
    { "multi-vendor-webhooks:sendblueSecret": secretArg(SENDBLUE_SECRET) },
    ...credentials.map((vendor) => vendor.config),
  );
  stack = new Lifecycle({
    fixtureDir: fixtureDir(),
    program: prepareProgram(fixtureDir(), "examples/multi-vendor"),
    config,
  });
});

afterAll(async () => {
  await Promise.all((emulators ?? []).map((emulator) => emulator.close()));
});

describe("examples/multi-vendor lifecycle", () => {
  it("subscribes the receiver on all five platforms, with the signing secrets as one secret output", async () => {
    const up = await stack.up();
    expect(up.operations.map((operation) => operation.kind)).toEqual([
      "create",
      "create",
      "create",
      "create",
      "create",
    ]);
    expect(new Set(stack.state.resources.map((record) => record.type.split("/")[1]!.split(":")[0]))).toEqual(
      new Set(["erzycall", "converc", "convirza", "conversant", "sendblue"]),
    );
    expect(up.outputs.signingSecrets).toMatchObject({ known: true, secret: true });
    const secrets = up.outputs.signingSecrets!.value as Record<string, string>;
    expect(Object.keys(secrets).sort()).toEqual(["converc", "erzycall", "sendblue"]);
    for (const value of Object.values(secrets)) expect(typeof value).toBe("string");
    expect(secrets.sendblue).toBe(SENDBLUE_SECRET);
    const issued = [[], [secrets.converc!], [secrets.erzycall!], [secrets.sendblue!], []];
    perVendor = credentials.map((vendor, index) => [...vendor.sentinels, ...issued[index]!]);
  });

  it("changes nothing on the next up", async () => {
    const up = await stack.up();
    expect(up.operations.map((operation) => operation.kind)).toEqual([
      "same",
      "same",
      "same",
      "same",
      "same",
    ]);
  });

  it("shows no credential and no signing secret outside secret fields", () => {
    expectNoLeaks(stack, sentinels());
  });

  it("and none when every vendor fails echoing its own", async () => {
    const [convirza, converc, erzycall, sendblue] = emulators;
    // In `emulators` order; Conversant issues no secrets.
    const held = [
      convirzaHeld(convirza),
      convercHeld(converc),
      erzycallHeld(erzycall),
      sendblueHeld(sendblue),
      {},
    ];
    // The destroy stops at its first delete, of the resource recorded last (the creates end in any order): the vendor
    // it names echoes what it holds for it (for Sendblue, the entry secret), so that is echoed too.
    const first = stack.state.resources.at(-1)!;
    const vendorIndex = ["convirza", "converc", "erzycall", "sendblue", "conversant"].indexOf(
      first.type.split("/")[1]!.split(":")[0]!,
    );
    const named = Object.entries(held[vendorIndex] ?? {})
      .filter(([id]) => first.id === id || decodeURIComponent(first.id).endsWith(`/${id}`))
      .flatMap(([, values]) => values as string[]);
    const echoed = await failAgainstEchoingVendor(
      stack,
      emulators.map((emulator, index) => ({
        faults: emulator.faults,
        echo: { credentials: credentials[index]!.sentinels, objects: held[index] },
      })),
    );
    // Every vendor echoes its credentials on the refresh, and the first delete's vendor what it holds for that resource.
    expectEchoed(echoed, sentinels(), [...credentials.flatMap((vendor) => vendor.sentinels), ...named]);
    mark = markText(stack);
    expectNoLeaks(stack, sentinels());
  });

  it("destroys all five, leaking nothing on the way", async () => {
    const destroy = await stack.destroy();
    expect(destroy.operations.map((operation) => operation.kind)).toEqual([
      "delete",
      "delete",
      "delete",
      "delete",
      "delete",
    ]);
    expect(stack.state.resources).toEqual([]);
    expectNoLeaks(stack, sentinels(), mark);
  });
});
