/** Kazoo 4.3's installed hooks plus `all` (contract §3); the hook enum is built from them. */
export const HOOK_CATALOGUE = [
  { id: "channel_create", description: "Receive notifications when a new channel is created" },
  { id: "channel_answer", description: "Receive notifications when a channel is answered" },
  { id: "channel_bridge", description: "Receive notifications when two channels are bridged" },
  { id: "channel_destroy", description: "Receive notifications when a channel is destroyed" },
  {
    id: "object",
    description: "Receive notifications when objects in Kazoo are changed",
    modifiers: {
      type: {
        type: "array",
        items: [
          "account",
          "callflow",
          "device",
          "faxbox",
          "media",
          "user",
          "vmbox",
          "fax",
          "mailbox_message",
          "call_recording",
          "all",
        ],
      },
      action: { type: "array", items: ["doc_created", "doc_edited", "doc_deleted", "all"] },
    },
  },
  {
    id: "notifications",
    description: "Receive notifications when a Kazoo notification fires",
    modifiers: {
      type: {
        type: "array",
        items: [
          "voicemail_new",
          "voicemail_full",
          "missed_call",
          "fax_inbound_to_email",
          "deregister",
          "register",
          "all",
        ],
      },
    },
  },
  { id: "parking", description: "Receive notifications when a call is parked or retrieved" },
  { id: "sms", description: "Receive notifications when an SMS is received" },
  { id: "mms", description: "Receive notifications when an MMS is received" },
] as const;

export const HOOKS: readonly string[] = [...HOOK_CATALOGUE.map((hook) => hook.id), "all"];

/** `data` of a Kazoo validation 400: field, then failed rule, then `{message, target?, value?}`. */
export type ValidationErrors = Record<string, Record<string, Record<string, unknown>>>;

const REQUIRED = { message: "Field is required but missing" };
const ENUM = "Value not found in enumerated list of values";

/**
 * The webhooks.json schema of Kazoo 4.3 plus cb_webhooks' modifier check. Extra keys are stored
 * unvalidated (the schema has no additionalProperties:false).
 */
export function validateHook(
  doc: Record<string, unknown>,
  hooks: readonly string[] = HOOKS,
): ValidationErrors | undefined {
  const errors: ValidationErrors = {};
  const add = (field: string, rule: string, info: Record<string, unknown>) =>
    ((errors[field] ??= {})[rule] = info);
  const enumOf = (field: string, allowed: readonly string[]) => {
    const value = doc[field];
    if (value !== undefined && !allowed.includes(value as string))
      add(field, "enum", { message: ENUM, target: allowed, value });
  };
  const bool = (field: string) => {
    if (doc[field] !== undefined && typeof doc[field] !== "boolean")
      add(field, "type", {
        message: "Value did not match type(s): boolean",
        target: "boolean",
        value: doc[field],
      });
  };

  for (const field of ["name", "uri", "hook"]) if (doc[field] === undefined) add(field, "required", REQUIRED);
  if (doc.name !== undefined && typeof doc.name !== "string")
    add("name", "type", {
      message: "Value did not match type(s): string",
      target: "string",
      value: doc.name,
    });
  else if (doc.name === "")
    add("name", "minLength", { message: "String must be at least 1 characters", target: 1, value: doc.name });
  if (doc.uri !== undefined && !isHttpUrl(doc.uri))
    add("uri", "format", { message: "invalid client URL", value: doc.uri });
  if (doc.hook !== undefined && typeof doc.hook !== "string")
    add("hook", "type", {
      message: "Value did not match type(s): string",
      target: "string",
      value: doc.hook,
    });
  else enumOf("hook", hooks);
  enumOf("http_verb", ["get", "post", "put"]);
  enumOf("format", ["form-data", "json"]);
  if (doc.retries !== undefined) {
    if (typeof doc.retries !== "number" || !Number.isInteger(doc.retries))
      add("retries", "type", {
        message: "Value did not match type(s): integer",
        target: "integer",
        value: doc.retries,
      });
    else if (doc.retries < 0)
      add("retries", "minimum", { message: "Value must be at least 0", target: 0, value: doc.retries });
    else if (doc.retries > 4)
      add("retries", "maximum", { message: "Value must be at most 4", target: 4, value: doc.retries });
  }
  bool("enabled");
  bool("include_subaccounts");
  bool("include_internal_legs");

  const custom = doc.custom_data;
  if (custom !== undefined && (typeof custom !== "object" || custom === null || Array.isArray(custom))) {
    add("custom_data", "type", {
      message: "Value did not match type(s): object",
      target: "object",
      value: custom,
    });
  } else if (custom !== undefined) {
    for (const [key, value] of Object.entries(custom)) {
      if (typeof value !== "string")
        add(`custom_data.${key}`, "type", {
          message: "Value did not match type(s): string",
          target: "string",
          value,
        });
    }
  }
  // cb_webhooks: the hook's modifiers are required, and [assumed] must be one of the advertised values.
  const entry = HOOK_CATALOGUE.find((hook) => hook.id === doc.hook);
  const modifiers =
    entry && "modifiers" in entry ? (entry.modifiers as Record<string, { items: readonly string[] }>) : {};
  const given = (typeof custom === "object" && custom !== null ? custom : {}) as Record<string, unknown>;
  for (const [name, spec] of Object.entries(modifiers)) {
    const value = given[name];
    if (value === undefined) add(`custom_data.${name}`, "required", { message: "missing required modifier" });
    else if (!spec.items.includes(value as string))
      add(`custom_data.${name}`, "enum", { message: ENUM, target: spec.items, value });
  }
  return Object.keys(errors).length ? errors : undefined;
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}
