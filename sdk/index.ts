/**
 * `require("pulumi-webhooks")`: one namespace per vendor, each with its resource classes.
 */
import * as erzycall from "./erzycall";
import * as sendblue from "./sendblue";

export { erzycall, sendblue };
