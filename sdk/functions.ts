import * as pulumi from "@pulumi/pulumi";

/**
 * The running program's stack config (`erzycall:apiKey`, …), so a function's credentials resolve like the
 * resources': stack config first, then the environment. Outside a Pulumi program there is none.
 */
export function programConfig(): { get(key: string): string | undefined; keys(): string[] } {
  return {
    get(key) {
      const [namespace, name] = key.split(":");
      try {
        return new pulumi.Config(namespace).get(name);
      } catch {
        return undefined;
      }
    },
    // Every key set in the stack, so a misspelt one under a vendor's namespace is reported here too.
    keys: () => Object.keys(pulumi.runtime.allConfig()),
  };
}
