/**
 * `require("pulumi-webhooks/provider")`: per vendor, the dynamic ResourceProvider objects the
 * resources use. Each is a thin shim whose methods load the implementation at call time through
 * `impl` (see ./registry).
 */
import * as conversant from "./conversant";
import * as erzycall from "./erzycall";

export { conversant, erzycall };
export { impl, type ResourceKey } from "./registry";
