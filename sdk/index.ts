/**
 * `require("pulumi-webhooks")`: one namespace per vendor, each with its resource classes.
 */
import type { FunctionOf, ResourceTypeOf, VendorId } from "../provider/manifest";
import * as converc from "./converc";
import * as conversant from "./conversant";
import * as convirza from "./convirza";
import * as erzycall from "./erzycall";
import * as sendblue from "./sendblue";

/** What the manifest says a vendor's namespace holds: a class per resource, each function and its `…Output`. */
type NamespaceOf<Id extends VendorId> = Record<
  ResourceTypeOf<Id>,
  abstract new (
    ...args: never[]
  ) => unknown
> &
  Record<FunctionOf<Id> | `${FunctionOf<Id>}Output`, (...args: never[]) => unknown>;

// A namespace per vendor of the manifest, each with what its entry lists, or this does not compile.
void ({ converc, conversant, convirza, erzycall, sendblue } satisfies { [Id in VendorId]: NamespaceOf<Id> });

export { converc, conversant, convirza, erzycall, sendblue };
