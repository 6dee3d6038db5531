/** Whole programs from examples/ through the real host: see engine.ts for what the runner models. */
export {
  Lifecycle,
  StepError,
  type LifecycleOptions,
  type Operation,
  type OperationKind,
  type StackOutput,
  type StepResult,
} from "./engine";
export { prepareProgram, type Program } from "./program";
export { StackState, type ResourceRecord } from "./state";
