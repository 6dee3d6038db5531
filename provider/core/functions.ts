import { useStackConfig, type StackConfig } from "./credentials";
import { WebhookApiError } from "./errors";

/**
 * What the SDK's read-only functions run through: they run in the Pulumi program, not in a provider, so the
 * program's stack config is handed over here first, and credentials then resolve as the resources' do
 * (stack config, then the environment).
 */
export async function withStackConfig<T>(config: StackConfig | undefined, run: () => Promise<T>): Promise<T> {
  useStackConfig(config);
  try {
    return await run();
  } catch (error) {
    throw asProgramError(error);
  }
}

/**
 * Marks a provider error as Pulumi's RunError (the SDK recognises it by this flag, whatever its class): the
 * Node.js language host reports an unhandled RunError as its message alone, one line, where any other error
 * comes with a stack trace and every field of the object. The flag is not enumerable, so a program that
 * catches and logs the error sees nothing new.
 */
function asProgramError(error: unknown): unknown {
  if (error instanceof WebhookApiError)
    Object.defineProperty(error, "__pulumiRunError", { value: true, enumerable: false });
  return error;
}
