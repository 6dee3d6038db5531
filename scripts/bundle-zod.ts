/**
 * The last step of `npm run build`: replaces tsc's output of provider/core/zod.ts (a re-export of the "zod"
 * package, which loads all of zod: 95 modules, 47-55 ms of CPU) with one file holding only the parts that file
 * names, bundled from zod's ES modules so that what no part uses (the 64 locales, JSON Schema import, ...) is left
 * out: about 200 KB, 8 ms to load. tsc's declaration file (types from "zod") is kept. zod's license heads the file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSync } from "esbuild";

const ROOT = path.join(__dirname, "..");
const SOURCE = path.join(ROOT, "provider", "core", "zod.ts");
const OUTPUT = path.join(ROOT, "dist", "provider", "core", "zod.js");

function main(): void {
  if (!fs.existsSync(OUTPUT)) throw new Error(`${OUTPUT} is missing: run tsc first (npm run build)`);
  const zodDir = path.dirname(require.resolve("zod/package.json"));
  const { version } = JSON.parse(fs.readFileSync(path.join(zodDir, "package.json"), "utf8")) as {
    version: string;
  };
  const license = fs.readFileSync(path.join(zodDir, "LICENSE"), "utf8").trim();
  const result = buildSync({
    entryPoints: [SOURCE],
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    outfile: OUTPUT,
    allowOverwrite: true,
    treeShaking: true,
    logLevel: "warning",
    banner: {
      js: `/*\n * The parts of zod ${version} that provider/core/zod.ts names, bundled by scripts/bundle-zod.ts.\n *\n${license
        .split("\n")
        .map((line) => ` * ${line}`.trimEnd())
        .join("\n")}\n */`,
    },
    metafile: true,
  });
  // The bundle must be zod's code, not a `require("zod")` (which would bring a second, complete copy).
  const bundled = fs.readFileSync(OUTPUT, "utf8");
  if (/require\(["']zod["']\)/.test(bundled)) throw new Error(`${OUTPUT} still requires "zod"`);
  const bytes = result.metafile.outputs[path.relative(process.cwd(), OUTPUT)]?.bytes ?? bundled.length;
  process.stdout.write(
    `bundle-zod: dist/provider/core/zod.js, zod ${version}, ${Math.round(bytes / 1024)} KB\n`,
  );
}

main();
