/** A webhook as the emulator holds it: the canonical snake_case fields of contract §4. */
export interface StoredWebhook {
  webhook_id: number;
  webhook_name: string;
  webhook_endpoint: string;
  format: string;
  method: string;
  description: string | null;
  include_data_append: boolean;
  include_dni_logs: boolean;
  include_indicator_scores: boolean;
  include_ivr_keypresses: boolean;
  webhook_status: "active" | "inactive" | "deleted";
  static_parameters: Array<{ field_name: string; field_value: string }>;
  org_unit_id: number;
  created_at: string;
  created_by: number;
  updated_at: string;
}

export type WritableFields = Omit<
  StoredWebhook,
  "webhook_id" | "org_unit_id" | "created_at" | "created_by" | "updated_at"
>;
export type InsertFields = Pick<StoredWebhook, "webhook_name" | "webhook_endpoint"> &
  Partial<Omit<StoredWebhook, "webhook_name" | "webhook_endpoint">>;

/** Contract §4 defaults for optional fields [assumed]. */
export const DEFAULTS = {
  description: null,
  include_data_append: false,
  include_dni_logs: false,
  include_indicator_scores: false,
  include_ivr_keypresses: false,
  webhook_status: "active",
  static_parameters: [],
} as const satisfies Partial<WritableFields>;

/**
 * In-memory webhooks of every org unit. Tests reach it for drift and out-of-band changes: `insert`
 * bypasses validation (a webhook made in the Convirza UI), `update` applies changes as given.
 * Ids are integers, ascending, never reused; delete is soft. Everything returned is a copy.
 */
export class ConvirzaStore {
  private readonly webhooks = new Map<number, StoredWebhook>();
  private nextId = 1001;

  constructor(private readonly now: () => number = Date.now) {}

  /** Every webhook of the org unit (deleted ones included), by id ascending. */
  list(orgUnitId?: number): StoredWebhook[] {
    return [...this.webhooks.values()]
      .filter((webhook) => orgUnitId === undefined || webhook.org_unit_id === orgUnitId)
      .sort((a, b) => a.webhook_id - b.webhook_id)
      .map(copy);
  }

  get(id: number): StoredWebhook | undefined {
    const webhook = this.webhooks.get(id);
    return webhook && copy(webhook);
  }

  insert(fields: InsertFields): StoredWebhook {
    const stamp = new Date(this.now()).toISOString();
    const webhook: StoredWebhook = {
      format: "JSON",
      method: "POST",
      ...DEFAULTS,
      org_unit_id: 1001,
      created_by: 4242,
      created_at: stamp,
      updated_at: stamp,
      ...fields,
      static_parameters: (fields.static_parameters ?? []).map((item) => ({ ...item })),
      webhook_id: fields.webhook_id ?? this.nextId,
    };
    if (this.webhooks.has(webhook.webhook_id))
      throw new Error(`webhook ${webhook.webhook_id} already exists`);
    this.nextId = Math.max(this.nextId, webhook.webhook_id + 1);
    this.webhooks.set(webhook.webhook_id, webhook);
    return copy(webhook);
  }

  /** Applies the given fields; an out-of-band change when called from a test. */
  update(id: number, changes: Partial<WritableFields>): StoredWebhook {
    const webhook = this.webhooks.get(id);
    if (!webhook) throw new Error(`no webhook ${id}`);
    Object.assign(webhook, changes, { updated_at: new Date(this.now()).toISOString() });
    if (changes.static_parameters)
      webhook.static_parameters = changes.static_parameters.map((item) => ({ ...item }));
    return copy(webhook);
  }

  /** Soft delete (contract §6.6): the record stays with `webhook_status: deleted`. */
  delete(id: number): StoredWebhook {
    return this.update(id, { webhook_status: "deleted" });
  }

  /** Removes the record for good (never happens at Convirza as far as we know; for tests). */
  purge(id: number): boolean {
    return this.webhooks.delete(id);
  }
}

function copy(webhook: StoredWebhook): StoredWebhook {
  return { ...webhook, static_parameters: webhook.static_parameters.map((item) => ({ ...item })) };
}

/** Deprecated PascalCase spellings of contract §4, echoed next to snake_case when `pascalCase` is on. */
export const PASCAL_ALIASES: Record<string, string> = {
  webhook_name: "webhook_Name",
  webhook_endpoint: "webhook_Endpoint",
  include_data_append: "include_Data_Append",
  include_dni_logs: "include_DNI_Logs",
  include_indicator_scores: "include_Indicator_Scores",
  include_ivr_keypresses: "include_IVR_Keypresses",
  static_parameters: "static_Parameter",
};

/** The record as the API returns it: snake_case, optionally with the PascalCase duplicates. */
export function toWire(webhook: StoredWebhook, pascalCase = false): Record<string, unknown> {
  const wire: Record<string, unknown> = { ...copy(webhook) };
  if (!pascalCase) return wire;
  for (const [snake, pascal] of Object.entries(PASCAL_ALIASES)) {
    wire[pascal] =
      snake === "static_parameters"
        ? webhook.static_parameters.map((p) => ({ field_Name: p.field_name, field_Value: p.field_value }))
        : wire[snake];
  }
  return wire;
}
