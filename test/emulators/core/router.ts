import type { EmulatorResponse } from "./responses";

export type RouteParams = Record<string, string>;
export type RouteHandler<Context> = (
  context: Context,
  params: RouteParams,
) => EmulatorResponse | Promise<EmulatorResponse>;

interface Route<Context> {
  method: string;
  pattern: RegExp;
  names: string[];
  handler: RouteHandler<Context>;
}

export interface RouteMatch<Context> {
  handler: RouteHandler<Context>;
  params: RouteParams;
}

/**
 * Method + path pattern (`/api/v1/webhooks/:id/rotate-secret`). A `:param` matches one segment,
 * including an empty one, so a vendor can answer `/webhooks/` with its own "invalid id" error.
 * Params are percent-decoded; undecodable text is passed through raw for the vendor to reject.
 * Generic over the context so a vendor can pass its authenticated request (org, key, …).
 */
export class Router<Context> {
  private readonly routes: Route<Context>[] = [];

  on(method: string, path: string, handler: RouteHandler<Context>): this {
    const names: string[] = [];
    const source = path
      .split("/")
      .map((segment) => {
        if (!segment.startsWith(":")) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        names.push(segment.slice(1));
        return "([^/]*)";
      })
      .join("/");
    this.routes.push({ method: method.toUpperCase(), pattern: new RegExp(`^${source}$`), names, handler });
    return this;
  }

  match(method: string, path: string): RouteMatch<Context> | undefined {
    for (const route of this.routes) {
      if (route.method !== method.toUpperCase()) continue;
      const found = route.pattern.exec(path);
      if (!found) continue;
      const params: RouteParams = {};
      route.names.forEach((name, index) => {
        params[name] = decodeSegment(found[index + 1] ?? "");
      });
      return { handler: route.handler, params };
    }
    return undefined;
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
