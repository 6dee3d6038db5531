/**
 * Compile-time check (run by `npm run typecheck`, never shipped) that each SDK `Args` type says what its zod
 * input schema says: the same names, the same required ones, the same types and literal unions. The SDK's
 * declarations stay free of zod (a user's project need not resolve it); this file is where they meet.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { converc, conversant, convirza, erzycall, sendblue } from "../../sdk";
import type { webhookInputsSchema as convercSchema } from "../../provider/converc/schema";
import type { webhookInputsSchema as conversantSchema } from "../../provider/conversant/schema";
import type { webhookInputsSchema as convirzaSchema } from "../../provider/convirza/schema";
import type { webhookInputsSchema as erzycallSchema } from "../../provider/erzycall/schema";
import type {
  configurationInputsSchema as sendblueConfigurationSchema,
  webhookInputsSchema as sendblueSchema,
} from "../../provider/sendblue/schema";

/** Each assignable to the other: same keys, same optionality, same value types. */
export type Agree<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Fails to compile unless `T` is `true`. */
type Assert<T extends true> = T;

/** What a program's `Args` hold once every Output and Promise in them has resolved. */
type Resolved<Args> = pulumi.Unwrap<Args>;

export type Checks = [
  Assert<Agree<Resolved<converc.WebhookArgs>, z.input<typeof convercSchema>>>,
  Assert<Agree<Resolved<conversant.WebhookArgs>, z.input<typeof conversantSchema>>>,
  Assert<Agree<Resolved<convirza.WebhookArgs>, z.input<typeof convirzaSchema>>>,
  Assert<Agree<Resolved<erzycall.WebhookArgs>, z.input<typeof erzycallSchema>>>,
  Assert<Agree<Resolved<sendblue.WebhookArgs>, z.input<typeof sendblueSchema>>>,
  Assert<Agree<Resolved<sendblue.WebhookConfigurationArgs>, z.input<typeof sendblueConfigurationSchema>>>,
];
