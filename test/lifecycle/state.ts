/**
 * The stack state the lifecycle runner keeps between steps, and its saved form: secret values encrypted the way
 * a passphrase secrets provider stores them, so tests can assert what would sit in a state file in clear text.
 */
import { createCipheriv, randomBytes, scryptSync } from "node:crypto";
import type { PropertyMap, StoredResource } from "../harness";
import { SECRET_SIG, SECRET_SIG_KEY } from "../harness/urn";

/** What the engine model stores for a resource, with what the runner also knows of it. */
export interface ResourceRecord extends StoredResource {
  urn: string;
  type: string;
  /** Top-level output keys held secret: additionalSecretOutputs plus keys whose input was secret. */
  secretKeys: string[];
  /** Top-level input keys that were secret in the program. */
  secretInputKeys: string[];
}

const PASSPHRASE_KEY = scryptSync("lifecycle-runner-passphrase", "pulumi-webhooks", 32);

function encrypt(value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", PASSPHRASE_KEY, iv);
  const sealed = Buffer.concat([
    cipher.update(JSON.stringify(value), "utf8"),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return `v1:${iv.toString("base64")}:${sealed.toString("base64")}`;
}

function sealKeys(properties: PropertyMap, keys: string[]): PropertyMap {
  const sealed: PropertyMap = { ...properties };
  for (const key of keys) {
    if (sealed[key] !== undefined)
      sealed[key] = { [SECRET_SIG_KEY]: SECRET_SIG, ciphertext: encrypt(sealed[key]) };
  }
  return sealed;
}

export class StackState {
  private readonly records = new Map<string, ResourceRecord>();

  /** In registration order (Map keeps insertion order; a replaced resource moves to the end, like a new one). */
  get resources(): ResourceRecord[] {
    return [...this.records.values()];
  }

  get(urn: string): ResourceRecord | undefined {
    return this.records.get(urn);
  }

  set(record: ResourceRecord): void {
    this.records.set(record.urn, record);
  }

  remove(urn: string): void {
    this.records.delete(urn);
  }

  /** The state file as it would be saved: every secret value replaced by ciphertext. */
  saved(): string {
    const resources = this.resources.map((record) => ({
      urn: record.urn,
      type: record.type,
      id: record.id,
      inputs: sealKeys(record.inputs, record.secretInputKeys),
      outputs: sealKeys(record.outputs, record.secretKeys),
    }));
    return JSON.stringify({ version: 3, resources }, null, 2);
  }
}
