/**
 * The resources the native provider serves: the dynamic resources' implementations, by token
 * (`webhooks:<vendor>:<Resource>`), with what the native protocol and the schema need beyond them (the table in
 * resource-table.ts). This module loads every vendor: the schema, the docs and the tests read it; the plugin serves
 * from the table and loads one vendor at a time.
 */
import type * as z from "../core/zod";
import type { ChangeKind } from "../core/diff";
import * as converc from "../converc/provider";
import * as conversant from "../conversant/provider";
import * as convirza from "../convirza/provider";
import * as erzycall from "../erzycall/provider";
import * as sendblue from "../sendblue/provider";
import { webhookInputsSchema as convercInputs } from "../converc/schema";
import { webhookInputsSchema as conversantInputs } from "../conversant/schema";
import { webhookInputsSchema as convirzaInputs } from "../convirza/schema";
import { webhookInputsSchema as erzycallInputs } from "../erzycall/schema";
import {
  configurationInputsSchema as sendblueConfigurationInputs,
  webhookInputsSchema as sendblueInputs,
} from "../sendblue/schema";
import type { CompleteProvider } from "../core/complete-provider";
import { RESOURCE_TABLE, type ResourceFacts, tokenOf } from "./resource-table";

export {
  type ExtraOutput,
  RESOURCE_TABLE,
  SENDBLUE_DOCUMENT_SECRETS,
  secretOutputsOf,
  tokenOf,
} from "./resource-table";

export interface NativeResourceEntry extends ResourceFacts {
  provider: CompleteProvider;
  inputs: z.ZodObject;
  changeKinds: Record<string, ChangeKind>;
}

const CODE: Record<string, Pick<NativeResourceEntry, "provider" | "inputs" | "changeKinds">> = {
  "webhooks:converc:Webhook": {
    provider: converc.webhookProvider,
    inputs: convercInputs,
    changeKinds: converc.CHANGE_KINDS,
  },
  "webhooks:conversant:Webhook": {
    provider: conversant.webhookProvider,
    inputs: conversantInputs,
    changeKinds: conversant.CHANGE_KINDS,
  },
  "webhooks:convirza:Webhook": {
    provider: convirza.webhookProvider,
    inputs: convirzaInputs,
    changeKinds: convirza.CHANGE_KINDS,
  },
  "webhooks:erzycall:Webhook": {
    provider: erzycall.webhookProvider,
    inputs: erzycallInputs,
    changeKinds: erzycall.CHANGE_KINDS,
  },
  "webhooks:sendblue:Webhook": {
    provider: sendblue.webhookProvider,
    inputs: sendblueInputs,
    changeKinds: sendblue.WEBHOOK_CHANGES,
  },
  "webhooks:sendblue:WebhookConfiguration": {
    provider: sendblue.webhookConfigurationProvider,
    inputs: sendblueConfigurationInputs,
    changeKinds: sendblue.CONFIGURATION_CHANGES,
  },
};

export const NATIVE_RESOURCES: readonly NativeResourceEntry[] = RESOURCE_TABLE.map((facts) => {
  const code = CODE[tokenOf(facts)];
  if (!code) throw new Error(`resources.ts has no code for ${tokenOf(facts)}`);
  return { ...facts, ...code };
});
