/**
 * `require("pulumi-webhooks/provider")`: per vendor, the dynamic ResourceProvider objects the
 * resources use. Each is a thin shim whose methods load the implementation at call time through
 * `impl` (see ./registry).
 */
import * as converc from "./converc";
import * as conversant from "./conversant";
import * as convirza from "./convirza";
import * as erzycall from "./erzycall";
import type { VendorId } from "./manifest";
import * as sendblue from "./sendblue";

// One namespace per vendor of the manifest: a vendor missing here does not compile.
void ({ converc, conversant, convirza, erzycall, sendblue } satisfies Record<VendorId, object>);

export { converc, conversant, convirza, erzycall, sendblue };
export { impl, type ResourceKey } from "./registry";
