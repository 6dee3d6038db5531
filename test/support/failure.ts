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

/** The partial failure `promise` rejects with (the object exists, or may): its id and properties, as the engine keeps them. */
export async function initFailure(
  promise: Promise<unknown>,
): Promise<Error & { id: string; properties: Record<string, unknown> }> {
  const error = await failure(promise);
  expect(error.name).toBe("ResourceInitError");
  expect(typeof error.id).toBe("string");
  return error as unknown as Error & { id: string; properties: Record<string, unknown> };
}
