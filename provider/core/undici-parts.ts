import type { Dispatcher } from "undici";
import type * as Undici from "undici";

/** What core/http uses of undici: a connection pool, its proxy-aware variant, the retry interceptor and `request`. */
export interface UndiciParts {
  Agent: typeof Undici.Agent;
  /** Only for a host with a proxy configured: it loads all of undici (see `fromUndiciFiles`). */
  EnvHttpProxyAgent(): typeof Undici.EnvHttpProxyAgent;
  retry: typeof Undici.interceptors.retry;
  /** undici's `request(url, options)`, sent through `options.dispatcher`. */
  request(
    url: URL,
    options: Omit<Dispatcher.RequestOptions, "origin" | "path"> & { dispatcher: Dispatcher },
  ): Promise<Dispatcher.ResponseData>;
}

/**
 * undici's entry point loads all of undici (fetch, WebSocket, caches, mocks: 110 modules, about 85 ms of CPU in a
 * fresh process, measured), and every provider host that sends a request pays for it on its first one, a refresh's
 * critical path included. The three files below are what its `Agent`, `interceptors.retry` and `request` are (27
 * modules, about 25 ms). They are undici's files, not its documented entry point, so when one is missing or is not
 * what the entry point exports (another undici version), the entry point is used instead:
 * test/core/undici-parts.test.ts holds the installed version to the fast path. Behind a proxy, the entry point
 * loads all the same (test/core/http-proxy.test.ts).
 */
export function loadUndiciParts(): UndiciParts {
  try {
    return fromUndiciFiles();
  } catch {
    return fromUndiciEntryPoint();
  }
}

/** The same parts, through undici's entry point. */
export function fromUndiciEntryPoint(): UndiciParts {
  const undici = require("undici") as typeof Undici;
  return {
    Agent: undici.Agent,
    EnvHttpProxyAgent: () => undici.EnvHttpProxyAgent,
    retry: undici.interceptors.retry,
    request: (url, options) => undici.request(url, options),
  };
}

/** The parts from undici's own files; throws when the installed undici lays them out otherwise. */
export function fromUndiciFiles(): UndiciParts {
  const Agent = require("undici/lib/dispatcher/agent.js") as typeof Undici.Agent;
  const retry = require("undici/lib/interceptor/retry.js") as typeof Undici.interceptors.retry;
  const request = require("undici/lib/api/api-request.js") as (
    this: Dispatcher,
    options: Dispatcher.RequestOptions,
  ) => Promise<Dispatcher.ResponseData>;
  if (typeof Agent !== "function" || typeof retry !== "function" || typeof request !== "function")
    throw new Error("undici's files are not laid out as this package expects");
  return {
    Agent,
    // From the entry point: a proxy tunnel calls `connect`, which the entry point adds to every dispatcher.
    EnvHttpProxyAgent: () => fromUndiciEntryPoint().EnvHttpProxyAgent(),
    retry,
    // What the entry point's `request` does with a URL before it dispatches (undici's `makeDispatcher`).
    request: (url, options) =>
      request.call(options.dispatcher, {
        ...options,
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
      }),
  };
}
