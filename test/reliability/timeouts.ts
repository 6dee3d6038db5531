/**
 * What "nothing is left half-written without being reported to the engine" means for one create whose write
 * landed but whose answer never came: shared by timeouts.test.ts and `npm run test:reliability`.
 */
import type { ErrorSuite, SuiteRun } from "./vendor-errors";

/** Short enough to keep the suite fast; the decisions do not depend on its length. */
export const TIMEOUT_MS = 200;

export function timeoutLine(suite: Pick<ErrorSuite, "vendor" | "operation">): RegExp {
  return new RegExp(
    `^${suite.vendor} ${suite.operation} failed: no response from http://127\\.0\\.0\\.1:\\d+ within ${TIMEOUT_MS} ms \\(PULUMI_WEBHOOKS_HTTP_TIMEOUT_MS\\)`,
  );
}

export interface StalledVerdict {
  /** How the object was accounted for. */
  outcome:
    | "answered"
    | "partial failure with the id"
    | "unconfirmed, replaced on the next up"
    | "repeated on the next up"
    | "unaccounted for";
  /** What went wrong, if anything. */
  problems: string[];
  /** The vendor's objects at the end. */
  objects: string[];
}

/**
 * Runs one create (faults already armed), then judges it as the engine would live with it: a success must name
 * the one object; a partial failure must carry its id, or a placeholder for a create that could not be confirmed,
 * which the next `pulumi up` (after `recover` lets the vendor answer) replaces as the engine does (Diff, then the
 * placeholder's delete first, then a create) and must end with one object; any other failure is forgotten by the
 * engine, so it must not claim nothing changed, and the next `pulumi up` creates again and must end with that one
 * object.
 */
export async function judgeStalledCreate(
  run: SuiteRun,
  recover: () => void = () => {},
): Promise<StalledVerdict> {
  const problems: string[] = [];
  const judged = (outcome: StalledVerdict["outcome"], id: string): StalledVerdict => {
    const objects = run.objects();
    const exactly = objects.length === 1 && objects[0] === id;
    if (!exactly) problems.push(`${outcome} ${id}, but the vendor holds [${objects.join(", ")}]`);
    return { outcome: exactly ? outcome : "unaccounted for", problems, objects };
  };
  let first: Error & { id?: string; properties?: Record<string, unknown> };
  try {
    return judged("answered", (await run.create()).id);
  } catch (error) {
    first = error as Error & { id?: string; properties?: Record<string, unknown> };
  }
  recover();
  if (first.message.includes("\n")) problems.push(`the error is not one line: ${first.message}`);
  if (typeof first.id === "string" && first.id.startsWith("unconfirmed-create"))
    return replaceUnconfirmed(run, first.id, first.properties ?? {}, judged, problems);
  if (typeof first.id === "string") return judged("partial failure with the id", first.id);
  if (first.message.includes("nothing was changed") && run.objects().length > 0)
    problems.push(`not reported, and the error says nothing was changed: "${first.message}"`);
  const unreported = `not reported ("${first.message}")`;
  try {
    const verdict = judged("repeated on the next up", (await run.create()).id);
    if (verdict.outcome !== "repeated on the next up") problems.unshift(unreported);
    return verdict;
  } catch (error) {
    problems.push(`${unreported}; the next up failed: ${(error as Error).message}`);
    return { outcome: "unaccounted for", problems, objects: run.objects() };
  }
}

/** The next `pulumi up` of a resource kept as an unconfirmed placeholder: what the engine does with the diff it gets. */
async function replaceUnconfirmed(
  run: SuiteRun,
  placeholder: string,
  stored: Record<string, unknown>,
  judged: (outcome: StalledVerdict["outcome"], id: string) => StalledVerdict,
  problems: string[],
): Promise<StalledVerdict> {
  try {
    const diff = await run.provider.diff!(placeholder, stored, run.inputs);
    if (!diff.replaces?.length || !diff.deleteBeforeReplace) {
      problems.push(
        `the placeholder ${placeholder} is not replaced delete-first on the next up: ${JSON.stringify(diff)}`,
      );
      return { outcome: "unaccounted for", problems, objects: run.objects() };
    }
    await run.provider.delete!(placeholder, stored);
    return judged("unconfirmed, replaced on the next up", (await run.create()).id);
  } catch (error) {
    problems.push(`the next up of placeholder ${placeholder} failed: ${(error as Error).message}`);
    return { outcome: "unaccounted for", problems, objects: run.objects() };
  }
}

/** A write that never gets an answer (and is never applied): the error text and what the vendor holds after. */
export async function hangOnWrite(
  run: SuiteRun,
  suite: ErrorSuite,
): Promise<{ message: string | undefined; objects: string[] }> {
  run.faults.add({ kind: "hang", method: suite.method, path: suite.path, times: Infinity });
  const message = await run.create().then(
    () => undefined,
    (error: unknown) => (error as Error).message,
  );
  return { message, objects: run.objects() };
}

/** A write that lands but whose answer never comes; the vendor answers everything after it. */
export function stallOnWrite(run: SuiteRun, suite: ErrorSuite): Promise<StalledVerdict> {
  run.faults.add({ kind: "stall", method: suite.method, path: suite.path });
  return judgeStalledCreate(run);
}

/** A write that lands, after which the vendor answers nothing until the next `pulumi up`. */
export function quietAfterWrite(run: SuiteRun, suite: ErrorSuite): Promise<StalledVerdict> {
  run.faults.add({ kind: "stall", method: suite.method, path: suite.path, thenHang: true });
  return judgeStalledCreate(run, () => run.faults.clear());
}

/** The settings the timeout cases run with; read at call time by the provider. */
export const TIMEOUT_ENV: Record<string, string> = {
  PULUMI_WEBHOOKS_HTTP_TIMEOUT_MS: String(TIMEOUT_MS),
  PULUMI_WEBHOOKS_RETRY_BASE_MS: "1",
  PULUMI_WEBHOOKS_MAX_RETRIES: "1",
};
