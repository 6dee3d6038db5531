/**
 * `require("pulumi-webhooks")`: one namespace per vendor, each with its resource classes.
 */
import * as converc from "./converc";
import * as conversant from "./conversant";
import * as convirza from "./convirza";
import * as erzycall from "./erzycall";
import * as sendblue from "./sendblue";

export { converc, conversant, convirza, erzycall, sendblue };
