/**
 * `require("pulumi-webhooks")`: one namespace per vendor, each with its resource classes.
 */
import * as conversant from "./conversant";
import * as erzycall from "./erzycall";

export { conversant, erzycall };
