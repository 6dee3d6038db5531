/**
 * Secret hygiene for every lifecycle test: credentials and secrets made fresh for each run (so an occurrence can
 * only come from this run), a vendor that echoes them back in its errors as far as a real one could, and one check
 * that none of them appears anywhere the engine keeps or shows in clear text: the saved state outside the fields
 * held secret (that includes `__provider`), the stack outputs not marked secret, everything the host and the
 * program printed, and every error text.
 */
import { randomBytes } from "node:crypto";
import type { EmulatorRequest, FaultInjector } from "../emulators/core";
import type { Lifecycle } from "./engine";

/** A value no other run and no source file holds: `prefix` keeps it in the shape a vendor expects of a key. */
export function sentinel(prefix = "sentinel-"): string {
  return `${prefix}${randomBytes(12).toString("hex")}`;
}

/** How much the stack had printed and how many errors it had seen: a leak check can start from there. */
export interface TextMark {
  printed: number;
  errors: number;
}

export function markText(stack: Lifecycle): TextMark {
  return { printed: stack.printed.length, errors: stack.errors.length };
}

/** Every place a sentinel turns up, as "place: first characters…" (never the whole value). */
export function findLeaks(
  stack: Lifecycle,
  sentinels: readonly string[],
  since: TextMark = { printed: 0, errors: 0 },
): string[] {
  const places: Record<string, string> = {
    "saved state": stack.state.saved(),
    __provider: stack.state.resources.map((record) => String(record.inputs.__provider ?? "")).join("\n"),
    "public outputs": JSON.stringify(stack.publicOutputs),
    printed: stack.printed.slice(since.printed),
    errors: stack.errors.slice(since.errors).join("\n"),
  };
  return sentinels.flatMap((value) =>
    Object.entries(places)
      .filter(([, text]) => text.includes(value))
      .map(([place]) => `${place}: ${value.slice(0, 8)}…`),
  );
}

/** What a failing vendor may repeat in its errors, as a real one could: nothing it was not sent or does not hold. */
export interface Echo {
  /** Repeated in every error: every request carries them. */
  credentials: readonly string[];
  /**
   * What each object holds at the vendor (its issued secret, its stored fields), by the id requests name it with:
   * a segment of the path, or, for a request whose path names none (Sendblue names an entry by its url, in the
   * body), a string in the JSON body.
   */
  objects?: Readonly<Record<string, readonly string[]>>;
}

export interface EchoingVendor {
  /** Every value an error body has repeated so far, so a test can show the echo reached what it checks. */
  readonly echoed: ReadonlySet<string>;
  /** Makes the vendor answer normally again. */
  calm(): void;
}

/**
 * Makes the vendor hostile until `calm()`: reads get a 401 and everything else a 500, each in the vendor's own error
 * envelope with a message that repeats the credentials, every value of the echo the request carried (path, query,
 * headers, body), and what the object the request names holds. A request naming no object (a list) echoes only the
 * first two.
 */
export function echoSentinels(faults: FaultInjector, echo: Echo): EchoingVendor {
  const objects = Object.entries(echo.objects ?? {});
  const candidates = [...new Set([...echo.credentials, ...objects.flatMap(([, values]) => values)])];
  const echoed = new Set<string>();
  const message = (request: EmulatorRequest): string => {
    const carried = requestText(request);
    const values = new Set([
      ...echo.credentials,
      ...candidates.filter((value) => carried.some((text) => text.includes(value))),
      ...namedObjects(request, objects).flatMap(([, held]) => held),
    ]);
    values.forEach((value) => echoed.add(value));
    return `rejected ${[...values].join(" ")}`;
  };
  const rules = [
    faults.add({ kind: "status", status: 401, message, times: Infinity, method: "GET" }),
    faults.add({ kind: "status", status: 500, message, times: Infinity }),
  ];
  return { echoed, calm: () => rules.forEach((rule) => rule.remove()) };
}

/** Everything a request carried, as sent and decoded (a value in a path or query may arrive percent-encoded). */
function requestText(request: EmulatorRequest): string[] {
  const raw = [
    request.path,
    ...Object.values(request.query),
    ...Object.values(request.headers),
    request.rawBody,
  ];
  return [...raw, ...raw.map(decoded)];
}

/**
 * The objects a request is about: those its path names, else those its body names. A path names its object, so a
 * body value that happens to equal another id (a Convirza parameter "3") does not make the request about that one.
 */
function namedObjects<Held>(
  request: EmulatorRequest,
  objects: ReadonlyArray<[string, Held]>,
): Array<[string, Held]> {
  const segments = new Set(request.path.split("/").filter(Boolean).map(decoded));
  const inPath = objects.filter(([id]) => segments.has(id));
  if (inPath.length > 0) return inPath;
  const strings = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === "string") strings.add(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(request.body);
  return objects.filter(([id]) => strings.has(id));
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
