import { useStackConfig, type StackConfig } from "./credentials";

/**
 * What the SDK's read-only functions run through: they run in the Pulumi program, not in a provider, so the
 * program's stack config is handed over here first, and credentials then resolve as the resources' do
 * (stack config, then the environment).
 */
export function withStackConfig<T>(config: StackConfig | undefined, run: () => Promise<T>): Promise<T> {
  useStackConfig(config);
  return run();
}
