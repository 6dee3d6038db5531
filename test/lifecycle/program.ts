/**
 * A Pulumi program from `examples/` made runnable in the fixture project: its TypeScript transpiled to CommonJS
 * next to the installed package (so `import "pulumi-webhooks"` resolves to the packed tarball), its Pulumi.yaml
 * read for the project name and config defaults.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as ts from "typescript";

const REPO_ROOT = path.resolve(__dirname, "..", "..");
const yaml = createRequire(__filename)("js-yaml") as { load(text: string): unknown };

export interface Program {
  /** The project's name, also its folder under <fixture>/programs (or the folder asked for). */
  name: string;
  /** The Pulumi project name (from Pulumi.yaml): config keys without a namespace belong to it. */
  project: string;
  /** The transpiled entry point inside the fixture. */
  entry: string;
  /** Project config defaults from Pulumi.yaml, namespaced (`<project>:<key>`). */
  configDefaults: Record<string, string>;
}

interface ProjectFile {
  name: string;
  main?: string;
  config?: Record<string, { default?: unknown } | string | number | boolean>;
}

/**
 * Transpiles (or, for JavaScript, copies) a Pulumi project (a folder with Pulumi.yaml, relative to the repository: "examples/erzycall", or "."
 * for the root quickstart) into <fixture>/<folder>/<name>; cheap, so done once per test file.
 */
export function prepareProgram(fixtureDir: string, projectDir: string, folder = "programs"): Program {
  const root = path.join(REPO_ROOT, projectDir);
  const project = yaml.load(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as ProjectFile;
  const main = path.join(root, project.main ?? ".");
  const source = fs.statSync(main).isDirectory() ? main : path.dirname(main);
  const entryFile = fs.statSync(main).isDirectory()
    ? fs.existsSync(path.join(main, "index.ts"))
      ? "index.ts"
      : "index.js"
    : path.basename(main);
  const name = project.name;
  const target = path.join(fixtureDir, folder, name);
  fs.mkdirSync(target, { recursive: true });
  // A stack config the CLI wrote here in an earlier run (the fixture outlives it) must not reach this one.
  for (const stale of fs.readdirSync(target).filter((entry) => /^Pulumi\..+\.yaml$/.test(entry)))
    fs.rmSync(path.join(target, stale));
  for (const file of fs.readdirSync(source).filter((entry) => entry.endsWith(".js"))) {
    fs.copyFileSync(path.join(source, file), path.join(target, file));
  }
  for (const file of fs.readdirSync(source).filter((entry) => entry.endsWith(".ts"))) {
    const { outputText } = ts.transpileModule(fs.readFileSync(path.join(source, file), "utf8"), {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
      fileName: file,
    });
    fs.writeFileSync(path.join(target, file.replace(/\.ts$/, ".js")), outputText);
  }
  const configDefaults: Record<string, string> = {};
  for (const [key, spec] of Object.entries(project.config ?? {})) {
    const value = typeof spec === "object" && spec !== null ? spec.default : spec;
    if (value !== undefined)
      configDefaults[key.includes(":") ? key : `${project.name}:${key}`] = String(value);
  }
  return {
    name,
    project: project.name,
    entry: path.join(target, entryFile.replace(/\.ts$/, ".js")),
    configDefaults,
  };
}
