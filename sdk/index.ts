/**
 * `require("pulumi-webhooks")`: one namespace per vendor, each with its resource classes.
 */
import * as converc from "./converc";
import * as erzycall from "./erzycall";

export { converc, erzycall };
