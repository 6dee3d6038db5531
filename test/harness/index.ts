/**
 * Everything a host test needs: `fixtureDir()` for the installed package, `serializeResource` for the
 * `__provider` and inputs a program registers, `startHost` for the real dynamic-provider host.
 * Free of vitest imports, so scripts outside vitest can use it too.
 */
export { fixtureDir } from "./context";
export { prepareFixture, pulumiSdkVersion, type Fixture } from "./fixture";
export * from "./host";
export { asAnotherResource, checkAndCreate, type Created } from "./steps";
export { TEST_NODE_ENV, testNode, testNodeVersion } from "./runtime";
export {
  type ResourceSpec,
  type SecretArg,
  type SerializedResource,
  type SerializeOptions,
  secretArg,
  serializeResource,
  serializeResources,
} from "./serialize";
export * from "./native";
export * from "./engine-model";
