import * as pulumi from "@pulumi/pulumi";
import { useStackConfig } from "../provider/core/credentials";

/**
 * For the functions that run in the program (not in the provider host): credentials resolve like the resources',
 * stack config (`<vendor>:*`, read through `pulumi.Config`) first, then the environment.
 */
export function useProgramConfig(): void {
  useStackConfig({
    get(key) {
      const [namespace, name] = key.split(":");
      try {
        return new pulumi.Config(namespace).get(name);
      } catch {
        return undefined;
      }
    },
    keys: () => Object.keys(pulumi.runtime.allConfig()),
  });
}
