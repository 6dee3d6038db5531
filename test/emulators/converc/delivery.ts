import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { request } from "undici";
import type { StoredEndpoint } from "./store";

/** What a receiver did with one delivery, as the test call reports it (contract §5.6). */
export interface DeliveryResult {
  ok: boolean;
  /** The receiver's HTTP status; null when it never answered. */
  status: number | null;
  /** Text for a timeout or connection failure, or a non-2xx answer. */
  error: string | null;
}

/** How a simulated receiver answers: a status, or a failure to answer at all. */
export type ReceiverBehaviour = { status: number } | { error: string };

export interface Delivery {
  webhookId: string;
  url: string;
  headers: Record<string, string>;
  /** The exact bytes sent (signed). */
  body: string;
  envelope: Record<string, unknown>;
  result: DeliveryResult;
}

/** `X-IC-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>` (contract §7). */
export function signature(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** A receiver's check, as Converc's docs describe it: constant-time compare, 300 s replay window. */
export function verifySignature(
  secret: string,
  header: string | undefined,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? "");
  if (!match) return false;
  const timestamp = Number(match[1]);
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signature(secret, timestamp, body).slice(`t=${timestamp},v1=`.length), "hex");
  const given = Buffer.from(match[2]!, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface DeliveryOptions {
  now: () => number;
  /** POST to the receiver for real (sandbox); otherwise the receiver is simulated by `behaviourFor`. */
  overHttp: boolean;
  behaviourFor(url: string): ReceiverBehaviour;
}

/** Builds, signs and "sends" one event; one attempt, 10 s timeout, 2xx = delivered (contract §8). */
export async function deliver(
  endpoint: StoredEndpoint,
  type: string,
  data: Record<string, unknown>,
  options: DeliveryOptions,
): Promise<Delivery> {
  const envelope = {
    id: randomUUID(),
    type,
    createdAt: new Date(options.now()).toISOString(),
    organizationId: endpoint.org,
    data,
  };
  const body = JSON.stringify(envelope);
  const headers = {
    "content-type": "application/json",
    "x-ic-signature": signature(endpoint.secret, Math.floor(options.now() / 1000), body),
    "x-ic-event": type,
    "x-ic-id": envelope.id,
  };
  const result = options.overHttp
    ? await post(endpoint.url, headers, body)
    : simulate(options.behaviourFor(endpoint.url));
  return { webhookId: endpoint.id, url: endpoint.url, headers, body, envelope, result };
}

function simulate(behaviour: ReceiverBehaviour): DeliveryResult {
  if ("error" in behaviour) return { ok: false, status: null, error: behaviour.error };
  const ok = behaviour.status >= 200 && behaviour.status < 300;
  return {
    ok,
    status: behaviour.status,
    error: ok ? null : `Receiver responded with HTTP ${behaviour.status}`,
  };
}

async function post(url: string, headers: Record<string, string>, body: string): Promise<DeliveryResult> {
  try {
    const response = await request(url, {
      method: "POST",
      headers,
      body,
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    await response.body.dump();
    return simulate({ status: response.statusCode });
  } catch (error) {
    return {
      ok: false,
      status: null,
      error: (error as Error & { code?: string }).code ?? (error as Error).message,
    };
  }
}
