/**
 * What a resource class wraps its `super(...)` call in: while it runs, `Error.stackTraceLimit` is 0.
 *
 * Why: registering a resource, `@pulumi/pulumi` makes five promises per input property and stamps each with
 * `new Error().stack`, which its runtime formats at once through the source-map support the Pulumi host installs,
 * frame by frame. Those stacks are read only to debug leaked promises (`PULUMI_DEBUG_PROMISE_LEAKS`, when this stays
 * off), and the resource's source position is unaffected (Pulumi lifts the limit to read it). Measured through the
 * real CLI: most of the program's own cost per resource (CONTRIBUTING.md, "Through the real CLI").
 *
 * `failed` gives an error thrown inside the call its stack back, from the resource's constructor down to the
 * user's program.
 */
export function registration(): { failed(error: unknown): unknown; done(): void } {
  const limit = Error.stackTraceLimit;
  if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS) Error.stackTraceLimit = 0;
  const done = () => {
    Error.stackTraceLimit = limit;
  };
  const failed = (error: unknown) => {
    done();
    // From the constructor that called `failed` down: the frames inside Pulumi were never recorded.
    if (error instanceof Error) Error.captureStackTrace(error, failed);
    return error;
  };
  return { failed, done };
}
