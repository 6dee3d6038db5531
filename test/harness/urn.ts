/** Engine names and constants, shared by the serializer's mocks and the host client so URNs line up. */
export const DEFAULT_PROJECT = "pulumi-webhooks-test";
export const DEFAULT_STACK = "test";

/**
 * Pulumi's unknown sentinel (`rpc.unknownValue`): what preview puts in Check/Diff inputs for values not yet
 * computed, including `__provider` itself when the provider closure depends on an unresolved output.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Pulumi's marker for a secret value inside a Struct (`rpc.specialSigKey` / `rpc.specialSecretSig`). */
export const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The type token of a dynamic resource class built with `module`/`type` names, as the SDK registers it. */
export function dynamicTypeToken(module: string, resource: string): string {
  return `pulumi-nodejs:dynamic/${module}:${resource}`;
}

/** The URN of a top-level dynamic resource (parented to the stack, as a user program declares it). */
export function urnFor(
  module: string,
  resource: string,
  name: string,
  stack: string = DEFAULT_STACK,
  project: string = DEFAULT_PROJECT,
): string {
  return `urn:pulumi:${stack}::${project}::${dynamicTypeToken(module, resource)}::${name}`;
}
