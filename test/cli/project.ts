/**
 * A program from examples/ as a project the real CLI runs: transpiled next to the packed package in the fixture
 * (test/lifecycle/program.ts), with its own Pulumi.yaml naming the JavaScript entry point, so the runtime never
 * falls back to the nearest package.json.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fixtureDir } from "../harness";
import { prepareProgram, type Program } from "../lifecycle";
import { PulumiWorkspace } from "./pulumi";

const yaml = createRequire(__filename)("js-yaml") as {
  load(text: string): unknown;
  dump(value: unknown): string;
};
const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface CliProject {
  program: Program;
  /** The folder to run `pulumi` in. */
  dir: string;
}

/**
 * `folder` is the caller's own: the CLI writes the stack's config (Pulumi.<stack>.yaml) beside the program, which
 * neither the engine-model tests' copy of the same example nor another test file running at the same time may share.
 */
export function prepareCliProject(
  fixtureDir: string,
  exampleDir: string,
  folder = "cli-programs",
): CliProject {
  const program = prepareProgram(fixtureDir, exampleDir, folder);
  const dir = path.dirname(program.entry);
  const original = yaml.load(
    fs.readFileSync(path.join(REPO_ROOT, exampleDir, "Pulumi.yaml"), "utf8"),
  ) as Record<string, unknown>;
  const project = {
    ...original,
    // The transpiled program is plain JavaScript: no TypeScript compiler at run time.
    runtime: { name: "nodejs", options: { typescript: false } },
    main: path.basename(program.entry),
  };
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml.dump(project));
  return { program, dir };
}

/** One resource of a generated program: `new webhooks.<vendor>.<resource>(name, args)`. */
export interface DeclaredResource {
  vendor: string;
  resource: string;
  name: string;
  args: Record<string, unknown>;
  /** Args the program wraps in `pulumi.secret`, as a user passes secrets. */
  secretInputs?: string[];
  /** Resource options (plain JSON, e.g. `{ deleteBeforeReplace: true }`). */
  options?: Record<string, unknown>;
}

/**
 * Writes a JavaScript program declaring `resources` into `dir` (under the fixture, so `pulumi-webhooks` resolves to
 * the packed package). Each resource takes `adopt` from config `adopt-<name>` (JSON) when set, and its `url` from
 * config `url-<name>` when set, so a test can change a declaration without rewriting the program.
 */
export function writeProgram(dir: string, project: string, resources: DeclaredResource[]): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    yaml.dump({
      name: project,
      runtime: { name: "nodejs", options: { typescript: false } },
      main: "index.js",
    }),
  );
  fs.writeFileSync(
    path.join(dir, "index.js"),
    `"use strict";
const pulumi = require("@pulumi/pulumi");
const webhooks = require("pulumi-webhooks");
const config = new pulumi.Config();
exports.ids = {};
for (const { vendor, resource, name, args, secretInputs, options } of ${JSON.stringify(resources)}) {
  for (const key of secretInputs || []) if (args[key] !== undefined) args[key] = pulumi.secret(args[key]);
  const adopt = config.getObject("adopt-" + name);
  const url = config.get("url-" + name);
  const declared = { ...args, ...(adopt === undefined ? {} : { adopt }), ...(url === undefined ? {} : { url }) };
  exports.ids[name] = new webhooks[vendor][resource](name, declared, options).id;
}
`,
  );
}

/**
 * A stack `test` of a program declaring `resources`, written to <fixture>/programs/<project>, whose CLI runs
 * get `env` (credentials and base URLs, as the GitOps recipe hands them).
 */
export async function initDeclaredStack(
  cliDir: string,
  project: string,
  resources: DeclaredResource[],
  env: Record<string, string>,
  programName = project,
): Promise<PulumiWorkspace> {
  const dir = path.join(fixtureDir(), "programs", project);
  // The fixture outlives a test run, and the CLI keeps the stack's config beside the program: start clean.
  fs.rmSync(dir, { recursive: true, force: true });
  writeProgram(dir, programName, resources);
  const pulumi = new PulumiWorkspace(cliDir, dir, undefined, env);
  await pulumi.ok(["stack", "init", "test"]);
  return pulumi;
}
