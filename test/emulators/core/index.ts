export {
  startEmulatorServer,
  withControls,
  type EmulatorServer,
  type EmulatorServerOptions,
  type EmulatorRequest,
  type EmulatorHandler,
} from "./server";
export { Router, type RouteHandler, type RouteParams, type RouteMatch } from "./router";
export { jsonResponse, emptyResponse, withHeaders, type EmulatorResponse } from "./responses";
export {
  FaultInjector,
  type FaultAction,
  type FaultBody,
  type FaultKind,
  type FaultMatch,
  type FaultRule,
  type FaultProfile,
  type FaultHandle,
  type FaultPlan,
} from "./faults";
export type { LoggedRequest } from "./request-log";
export { seededRandom } from "./seeded-random";
export { bodyNotDeclaredJson } from "./content-type";
