/**
 * `require("pulumi-webhooks")`: one namespace per vendor, each with its resource classes.
 */
import * as convirza from "./convirza";
import * as erzycall from "./erzycall";

export { convirza, erzycall };
