/**
 * `npm run schema`: writes schema.json, the native provider's Pulumi package schema, from the zod schemas.
 * `--check` fails instead when the committed file differs from what would be written.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { packageVersion } from "../provider/native/package-info";
import { packageSchema } from "../provider/native/schema";

export const SCHEMA_FILE = path.join(__dirname, "..", "schema.json");

export function schemaText(): string {
  return `${JSON.stringify(packageSchema(packageVersion()), null, 2)}\n`;
}

if (require.main === module) {
  const text = schemaText();
  if (process.argv.includes("--check")) {
    const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, "utf8") : "";
    if (committed !== text) {
      console.error("schema.json is not what `npm run schema` generates; run it and commit the result");
      process.exit(1);
    }
  } else {
    fs.writeFileSync(SCHEMA_FILE, text);
    console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
  }
}
