/**
 * `npm run docs`: writes what is derived from the zod input schemas, so each input is described once:
 * the TSDoc of every SDK `Args` input, the inputs and outputs tables of docs/<vendor>.md and the README's
 * list of resources and functions (between `<!-- generated:... -->` and `<!-- /generated -->` markers).
 * `--check` fails instead when a committed file differs from what would be written.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type InputField, inputFields } from "../provider/core/input-schema";
import { VENDORS } from "../provider/native/config";
import { NATIVE_RESOURCES, type NativeResourceEntry, tokenOf } from "../provider/native/resources";
import {
  functionName,
  inputsTable,
  outputText,
  outputsTable,
  type ReferenceRow,
  referenceTable,
} from "./docs-tables";
import { sdkFunctions, withPropertyDocs } from "./sdk-source";

const ROOT = path.join(__dirname, "..");
const PAGES = "https://github.com/pulumi-webhooks/pulumi-webhooks/blob/main/";
const REGION = /<!-- generated:(\S+)(?: (\S+))? -->\n[\s\S]*?<!-- \/generated -->/g;

export const sdkFile = (vendor: string): string => `sdk/${vendor}.ts`;
export const docsFile = (vendor: string): string => `docs/${vendor}.md`;
export const argsInterface = (entry: NativeResourceEntry): string => `${entry.name}Args`;

type Read = (file: string) => string;
const readCommitted: Read = (file) => fs.readFileSync(path.join(ROOT, file), "utf8");

/** Every file `npm run docs` writes, by path from the repository root, as it would write it. */
export function generatedFiles(read: Read = readCommitted): Map<string, string> {
  const files = new Map<string, string>();
  const current = (file: string) => files.get(file) ?? read(file);
  for (const entry of NATIVE_RESOURCES) {
    const file = sdkFile(entry.vendor);
    const texts = Object.fromEntries(
      inputFields(entry.inputs).map((field) => [field.name, tsDocText(field)]),
    );
    files.set(file, withPropertyDocs(file, current(file), argsInterface(entry), texts));
    const outputs = Object.fromEntries(
      Object.entries(entry.outputs).map(([name, output]) => [name, outputText(output)]),
    );
    files.set(file, withPropertyDocs(file, current(file), entry.name, outputs));
  }
  for (const vendor of VENDORS) {
    const file = docsFile(vendor);
    const entries = NATIVE_RESOURCES.filter((entry) => entry.vendor === vendor);
    files.set(file, withRegions(file, current(file), resourceRegions(file, entries)));
  }
  files.set(
    "README.md",
    withRegions("README.md", read("README.md"), { reference: referenceTable(rows(read)) }),
  );
  return files;
}

/** An input's TSDoc: its zod description, then its default, which an editor shows nowhere else. */
export function tsDocText(field: InputField): string {
  const defaulted = field.default === undefined ? "" : ` Default \`${JSON.stringify(field.default)}\`.`;
  return `${field.description ?? ""}${defaulted}`;
}

function resourceRegions(file: string, entries: NativeResourceEntry[]): Record<string, string> {
  const regions: Record<string, string> = {};
  for (const entry of entries) {
    regions[`inputs ${tokenOf(entry)}`] = inputsTable(entry);
    if (Object.keys(entry.outputs).length > 0) regions[`outputs ${tokenOf(entry)}`] = outputsTable(entry);
  }
  if (entries.length === 0) throw new Error(`${file}: no resource documented here`);
  return regions;
}

/** `text` with each marked region replaced; every region must be marked once, and no other. */
function withRegions(file: string, text: string, regions: Record<string, string>): string {
  const seen = new Set<string>();
  const result = text.replace(REGION, (_match, kind: string, subject?: string) => {
    const key = subject ? `${kind} ${subject}` : kind;
    const body = regions[key];
    if (body === undefined) throw new Error(`${file}: no generated region is called "${key}"`);
    if (seen.has(key)) throw new Error(`${file}: the region "${key}" is marked twice`);
    seen.add(key);
    return `<!-- generated:${key} -->\n${body}\n<!-- /generated -->`;
  });
  const missing = Object.keys(regions).filter((key) => !seen.has(key));
  if (missing.length > 0)
    throw new Error(
      `${file}: add the markers <!-- generated:${missing[0]} --> and <!-- /generated --> ` +
        "where the table goes",
    );
  return result;
}

/**
 * The README's rows: each vendor's resources, then its functions, linked to their section when one
 * names them.
 */
function rows(read: Read): ReferenceRow[] {
  const result: ReferenceRow[] = [];
  for (const vendor of VENDORS) {
    const platform = vendor.charAt(0).toUpperCase() + vendor.slice(1);
    const page = read(docsFile(vendor));
    const link = (name: string, isFunction = false) =>
      `${PAGES}${docsFile(vendor)}${anchorNaming(page, name, isFunction)}`;
    for (const entry of NATIVE_RESOURCES.filter((each) => each.vendor === vendor)) {
      const name = `${vendor}.${entry.name}`;
      result.push({ platform, name, summary: entry.description, link: link(name) });
    }
    for (const fn of sdkFunctions(sdkFile(vendor), read(sdkFile(vendor))))
      result.push({
        platform,
        name: functionName(vendor, fn),
        summary: fn.summary,
        link: link(`${vendor}.${fn.name}`, true),
      });
  }
  return result;
}

/**
 * `#anchor` of the section (not the page title) whose heading names `name`, else, for a function, of the
 * first one whose text calls it (`name(`); "" when there is none.
 */
function anchorNaming(page: string, name: string, isFunction: boolean): string {
  const sections = page.split(/\n(?=#{2,} )/).slice(1);
  const named = new RegExp(`\\b${name.replace(".", "\\.")}\\b`);
  const section =
    sections.find((each) => named.test(each.split("\n")[0]!)) ??
    (isFunction ? sections.find((each) => each.includes(`${name}(`)) : undefined);
  if (!section) return "";
  const slug = section
    .split("\n")[0]!
    .replace(/^#+ /, "")
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, "")
    .replace(/ /g, "-");
  return `#${slug}`;
}

if (require.main === module) {
  const check = process.argv.includes("--check");
  const stale: string[] = [];
  for (const [file, text] of generatedFiles()) {
    if (readCommitted(file) === text) continue;
    stale.push(file);
    if (!check) fs.writeFileSync(path.join(ROOT, file), text);
  }
  if (check && stale.length > 0) {
    console.error(`${stale.join(", ")}: not what \`npm run docs\` generates; run it and commit the result`);
    process.exit(1);
  }
  console.log(stale.length === 0 ? "docs are up to date" : `wrote ${stale.join(", ")}`);
}
