/**
 * `require("pulumi-webhooks/provider")`: per vendor, the dynamic ResourceProvider objects the
 * resources use. Each is a thin shim whose methods load the implementation at call time through
 * `impl` (see ./registry).
 */
import * as erzycall from "./erzycall";
import * as sendblue from "./sendblue";

export { erzycall, sendblue };
export { impl, type ResourceKey } from "./registry";
