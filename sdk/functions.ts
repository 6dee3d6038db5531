import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "../provider/core/credentials";

/**
 * The running program's stack config (`erzycall:apiKey`, …), so a function's credentials resolve like the
 * resources': stack config first, then the environment. Outside a Pulumi program there is none.
 */
export function programConfig(): StackConfig {
  return {
    get(key) {
      const [namespace, name] = key.split(":");
      try {
        return new pulumi.Config(namespace).get(name);
      } catch {
        return undefined;
      }
    },
  };
}
