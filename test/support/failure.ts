import { expect } from "vitest";
import { HostCallError } from "../harness/host-error";

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

/** The error a host call rejects with (the message as the engine sees it is in `details`); fails the test if it resolves. */
export async function hostFailure(promise: Promise<unknown>): Promise<HostCallError> {
  const error = await failure(promise);
  expect(error).toBeInstanceOf(HostCallError);
  return error as unknown as HostCallError;
}
