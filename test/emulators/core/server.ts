import { setMaxListeners } from "node:events";
import * as http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { FaultInjector, type TerminalFault } from "./faults";
import { RequestLog, type LoggedRequest } from "./request-log";
import type { EmulatorResponse } from "./responses";

/** What a vendor handler receives. */
export interface EmulatorRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  rawBody: string;
  /** Parsed JSON; undefined when the body is empty or invalid. */
  body: unknown;
  /** True when a non-empty body failed to parse, so the vendor can answer with its own error. */
  invalidJson: boolean;
}

export type EmulatorHandler = (request: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>;

export interface EmulatorServerOptions {
  handler: EmulatorHandler;
  /** 0 (default) picks a free port; the sandbox passes a fixed one. Always bound to 127.0.0.1. */
  port?: number;
  /** Vendor-shaped body for statuses injected by a fault profile (rules carry their own body). */
  profileFaultBody?: (
    status: number,
    retryAfter: number | string | undefined,
  ) => EmulatorResponse | undefined;
  /** The vendor's error envelope around a message, for status faults that give a `message`. */
  vendorError?: (status: number, message: string) => EmulatorResponse;
  /** The vendor's clock, sent as the Date header of every response, so tests that move time move it too. */
  now?: () => number;
}

export interface EmulatorServer {
  /** Origin, e.g. http://127.0.0.1:43121 */
  readonly url: string;
  readonly port: number;
  readonly requests: readonly Readonly<LoggedRequest>[];
  clearRequests(): void;
  /** TCP connections accepted so far (keep-alive checks). */
  readonly connectionsOpened: number;
  readonly faults: FaultInjector;
  /** Destroys open sockets (hanging requests included), then stops listening. Safe to call twice. */
  close(): Promise<void>;
  /** Calls `listener` once per request when its exchange ends (answered, reset, lost, or cut by close). */
  onExchangeEnd(listener: (request: Readonly<LoggedRequest>) => void): void;
}

export async function startEmulatorServer(options: EmulatorServerOptions): Promise<EmulatorServer> {
  const log = new RequestLog();
  const faults = new FaultInjector();
  const sockets = new Set<Socket>();
  const closing = new AbortController();
  // Every delayed request listens on it while it sleeps: hundreds at once under a latency rule, none leaked.
  setMaxListeners(0, closing.signal);
  let connectionsOpened = 0;
  const clock = options.now ?? Date.now;
  const exchangeListeners: Array<(request: Readonly<LoggedRequest>) => void> = [];

  const server = http.createServer((req, res) => {
    serve(req, res).catch((error: unknown) => {
      // The client went away mid-request: there is no one left to answer.
      if (req.socket.destroyed || res.headersSent) return void req.socket.destroy();
      // Anything else is a bug in the emulator or in a test's fault rule: make it loud, not a silent reset.
      res
        .writeHead(500, { "content-type": "text/plain" })
        .end(`emulator failed: ${(error as Error).message}`);
    });
  });
  server.on("connection", (socket) => {
    connectionsOpened += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });

  async function serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const { body, invalidJson } = parseJson(rawBody);
    const request: EmulatorRequest = {
      method: (req.method ?? "GET").toUpperCase(),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: flattenHeaders(req.headers),
      rawBody,
      body,
      invalidJson,
    };
    const entry = log.record({
      method: request.method,
      path: request.path,
      query: request.query,
      headers: request.headers,
      body,
      rawBody,
    });
    if (exchangeListeners.length > 0)
      res.once("close", () => exchangeListeners.forEach((listener) => listener(entry)));
    const plan = faults.plan(request.method, request.path);
    if (plan.latencyMs > 0) {
      entry.delayedMs = plan.latencyMs;
      const finished = await sleep(plan.latencyMs, true, { signal: closing.signal }).catch(() => false);
      if (!finished) return;
    }
    const action = plan.action;
    if (action && action.kind !== "lost" && action.kind !== "stall") {
      entry.fault = action.kind;
      if (action.kind === "reset") req.socket.resetAndDestroy();
      if (action.kind === "status")
        entry.status = send(res, faultResponse(action, request, plan.fromProfile), clock);
      return; // hang: leave the socket open until the client or close() ends it
    }
    let response: EmulatorResponse;
    try {
      response = await options.handler(request);
    } catch (error) {
      response = {
        status: 500,
        headers: { "content-type": "text/plain" },
        body: `emulator handler failed: ${(error as Error).message}`,
      };
    }
    if (action?.kind === "lost") {
      entry.fault = "lost";
      req.socket.destroy();
      return;
    }
    if (action?.kind === "stall") {
      entry.fault = "stall";
      return; // like hang, after the write
    }
    entry.status = send(res, response, clock);
  }

  function faultResponse(
    action: Extract<TerminalFault, { kind: "status" }>,
    request: EmulatorRequest,
    fromProfile: boolean,
  ): EmulatorResponse {
    const message = typeof action.message === "function" ? action.message(request) : action.message;
    if (message !== undefined && !options.vendorError)
      throw new Error("a status fault with a message needs the emulator's vendorError");
    const vendorShaped =
      message !== undefined
        ? options.vendorError?.(action.status, message)
        : fromProfile
          ? options.profileFaultBody?.(action.status, action.retryAfter)
          : undefined;
    const headers: Record<string, string> = { ...vendorShaped?.headers, ...action.headers };
    if (action.contentType) headers["content-type"] = action.contentType;
    if (action.retryAfter !== undefined) headers["retry-after"] = String(action.retryAfter);
    const body = typeof action.body === "function" ? action.body(request) : action.body;
    return { status: action.status, headers, body: body ?? vendorShaped?.body };
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get requests() {
      return log.requests;
    },
    clearRequests: () => log.clear(),
    get connectionsOpened() {
      return connectionsOpened;
    },
    faults,
    onExchangeEnd: (listener) => void exchangeListeners.push(listener),
    close() {
      closed ??= new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}

function send(res: http.ServerResponse, response: EmulatorResponse, now: () => number): number {
  const body = response.body ?? "";
  res.writeHead(response.status, {
    date: new Date(now()).toUTCString(),
    ...response.headers,
    "content-length": String(Buffer.byteLength(body)),
  });
  res.end(body);
  return response.status;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
    req.on("aborted", () => reject(new Error("request aborted")));
  });
}

function parseJson(rawBody: string): { body: unknown; invalidJson: boolean } {
  if (rawBody.trim() === "") return { body: undefined, invalidJson: false };
  try {
    return { body: JSON.parse(rawBody) as unknown, invalidJson: false };
  } catch {
    return { body: undefined, invalidJson: true };
  }
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
  }
  return flat;
}

/**
 * A vendor emulator: the server (url, requests, faults, connection count, close) with the vendor's own controls
 * added, so no emulator re-lists the server's members. `close` may be given to release vendor state first.
 */
export function withControls<Emulator extends EmulatorServer>(
  server: EmulatorServer,
  controls: Omit<Emulator, keyof EmulatorServer> & Partial<Pick<EmulatorServer, "close">>,
): Emulator {
  return Object.assign(server, controls) as unknown as Emulator;
}
