/**
 * Fresh credentials for one lifecycle run, per vendor: registered with that vendor's emulator and returned as the
 * stack config that points the provider at it, with the values to look for (see sentinels.ts). Also, per vendor,
 * what each object holds at the vendor, by the id requests name it with: what a failing request about that object
 * may echo (`Echo.objects`).
 */
import { CONVERC_DEFAULT_ORG, type ConvercEmulator } from "../emulators/converc";
import { CONVERSANT_TEST_ACCOUNT, type ConversantEmulator } from "../emulators/conversant";
import { CONVIRZA_TEST_USER, type ConvirzaEmulator } from "../emulators/convirza";
import { ERZYCALL_DEFAULT_ORG, type ErzycallEmulator } from "../emulators/erzycall";
import { SENDBLUE_DEFAULT_ACCOUNT, WEBHOOK_TYPES, type SendblueEmulator } from "../emulators/sendblue";
import type { VendorId } from "../../provider/manifest";
import { secretArg, type StackConfig } from "../harness";
import { sentinel } from "./sentinels";

export interface SentinelCredentials {
  config: StackConfig;
  sentinels: string[];
}

export function erzycallCredentials(emulator: ErzycallEmulator): SentinelCredentials {
  // Erzycall keys have a fixed shape, which the emulator checks.
  const key = sentinel("ek_test_");
  emulator.addKey(key, { org: ERZYCALL_DEFAULT_ORG, scopes: ["*"] });
  return {
    config: { "erzycall:apiKey": secretArg(key), "erzycall:baseUrl": emulator.url },
    sentinels: [key],
  };
}

export function convirzaCredentials(emulator: ConvirzaEmulator): SentinelCredentials {
  const token = sentinel("cvz-");
  emulator.addToken(token, CONVIRZA_TEST_USER);
  return {
    config: { "convirza:token": secretArg(token), "convirza:baseUrl": emulator.url },
    sentinels: [token],
  };
}

export function convercCredentials(emulator: ConvercEmulator): SentinelCredentials {
  const key = sentinel("converc-key-");
  emulator.addKey(key, CONVERC_DEFAULT_ORG);
  return { config: { "converc:apiKey": secretArg(key), "converc:baseUrl": emulator.url }, sentinels: [key] };
}

export function conversantCredentials(emulator: ConversantEmulator): SentinelCredentials {
  // Conversant tokens are issued by the account (a fresh random one each time), never chosen.
  const token = emulator.issueToken(CONVERSANT_TEST_ACCOUNT);
  return {
    config: {
      "conversant:authToken": secretArg(token),
      "conversant:accountId": CONVERSANT_TEST_ACCOUNT,
      "conversant:baseUrl": emulator.url,
    },
    sentinels: [token],
  };
}

export function sendblueCredentials(emulator: SendblueEmulator): SentinelCredentials {
  const keyId = sentinel("sbk-");
  const secretKey = sentinel("sbs-");
  emulator.addKey(keyId, secretKey, SENDBLUE_DEFAULT_ACCOUNT);
  return {
    config: {
      "sendblue:apiKeyId": secretArg(keyId),
      "sendblue:apiSecretKey": secretArg(secretKey),
      "sendblue:baseUrl": emulator.url,
    },
    sentinels: [keyId, secretKey],
  };
}

/** What each object holds now, by the id requests name it with. */
export type HeldById = Record<string, string[]>;

/** Every endpoint's current signing secret, by id. */
export function erzycallHeld(emulator: ErzycallEmulator, org = ERZYCALL_DEFAULT_ORG): HeldById {
  return Object.fromEntries(emulator.store.list(org).map((endpoint) => [endpoint.id, [endpoint.secret]]));
}

/** Every endpoint's signing secret, by id: disabled ones too, Converc keeps them. */
export function convercHeld(emulator: ConvercEmulator, org = CONVERC_DEFAULT_ORG): HeldById {
  return Object.fromEntries(emulator.store.list(org).map((endpoint) => [endpoint.id, [endpoint.secret]]));
}

/** Every webhook's static parameter values (the one field a user may keep secret), by id. */
export function convirzaHeld(emulator: ConvirzaEmulator): HeldById {
  return Object.fromEntries(
    emulator.store
      .list()
      .map((webhook) => [
        String(webhook.webhook_id),
        webhook.static_parameters.map((parameter) => parameter.field_value),
      ]),
  );
}

/** Every entry's secret, by url: Sendblue names an entry by its url, in the body of a write. */
export function sendblueHeld(emulator: SendblueEmulator, account = SENDBLUE_DEFAULT_ACCOUNT): HeldById {
  const document = emulator.store.document(account);
  const held: HeldById = {};
  for (const entry of WEBHOOK_TYPES.flatMap((type) => document[type])) {
    if (typeof entry !== "string" && entry.secret) (held[entry.url] ??= []).push(entry.secret);
  }
  return held;
}

/** Fresh credentials for each vendor of the manifest, by id: a vendor missing here does not compile. */
export const SENTINEL_CREDENTIALS = {
  erzycall: erzycallCredentials,
  convirza: convirzaCredentials,
  converc: convercCredentials,
  conversant: conversantCredentials,
  sendblue: sendblueCredentials,
} satisfies Record<VendorId, (emulator: never) => SentinelCredentials>;
