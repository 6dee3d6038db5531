import { expect } from "vitest";

/** The error `promise` rejects with; fails the test if it resolves or rejects with something that is not an Error. */
export async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error & Record<string, unknown>;
}
