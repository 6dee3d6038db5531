import * as fs from "node:fs";
import * as path from "node:path";

/** The package's own directory: the nearest one above this file whose package.json is pulumi-webhooks (source or dist). */
export function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (
      fs.existsSync(manifest) &&
      (JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string }).name === "pulumi-webhooks"
    )
      return dir;
    if (path.dirname(dir) === dir)
      throw new Error(`pulumi-webhooks: no package.json of pulumi-webhooks above ${__dirname}`);
  }
}

/** The plugin's version: the package's. */
export function packageVersion(): string {
  return (
    JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string }
  ).version;
}
