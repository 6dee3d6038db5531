/**
 * The package's types compile in the project `pulumi new typescript` makes: its tsconfig (strict, CommonJS,
 * `moduleResolution: node`, no `skipLibCheck`, no `esModuleInterop`), the packed tarball installed from npm's
 * point of view, on TypeScript 5.9 and 6. Every declaration the program reaches is checked, so a public
 * `.d.ts` that leads into zod (or any dependency's types that need other compiler options) fails here.
 * Slow-ish: one `npm install` of a fresh project (about 10 s warm).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installUserProject, packedTarball, pulumiSdkVersion, run } from "./user-project";

/** The tsconfig.json of Pulumi's `typescript` template, as `pulumi new typescript` writes it. */
const PULUMI_TEMPLATE_TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

const TYPESCRIPT_5 = "5.9.3";
const TYPESCRIPT_6 = "6.0.3";

/** Every namespace, every resource and function, with the literal unions used as a user would. */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { converc, conversant, convirza, erzycall, sendblue } from "pulumi-webhooks";

const url = "https://hooks.example.com/in";
const events: erzycall.WebhookEvent[] = ["call.ended", "call.failed"];
const erzy = new erzycall.Webhook("erzycall", { url, events, description: "crm", active: true, secretVersion: 1 });
const conv = new converc.Webhook("converc", { url, events: ["call.canceled", "call.ended"], verifyDelivery: false });
const kazoo = new conversant.Webhook("conversant", { name: "calls", url, hook: "channel_create", httpVerb: "post", format: "json", customData: { team: "a" } });
const custom = new conversant.Webhook("conversant-custom", { name: "custom", url, hook: "operator_installed_hook" });
const cz = new convirza.Webhook("convirza", { name: "calls", url, format: "JSON", method: "POST", staticParameters: { team: pulumi.secret("a") } });
const entry = new sendblue.Webhook("sendblue", { type: "receive", url, secret: pulumi.secret("s") });
const whole = new sendblue.WebhookConfiguration("sendblue-all", { receive: [url, { url, secret: "s" }], outbound: [{ url, secret: pulumi.secret("o") }], contactCreated: [url], globalSecret: "g" });

export const secrets = pulumi.all([erzy.secret, conv.secret]);
export const ids = [erzy.id, conv.id, kazoo.id, custom.id, cz.id, entry.id, whole.id];
export const format: pulumi.Output<convirza.WebhookArgs["format"]> = cz.format;
export const attempts: Promise<conversant.WebhookAttempt[]> = conversant.getWebhookAttempts({ webhookId: "x" });
export const hookNames: conversant.WebhookHook[] = ["object", "notifications"];
export const types: sendblue.WebhookType[] = ["receive", "call_log"];
`;

/** Misspelt catalogue values; each line must be a compile error naming the value. */
const TYPOS = `import { converc, erzycall } from "pulumi-webhooks";
new erzycall.Webhook("a", { url: "https://x.example.com", events: ["call.ended", "call.endd"] });
new converc.Webhook("b", { url: "https://x.example.com", events: ["call.cancelled"] });
`;

let dir = "";

beforeAll(async () => {
  dir = await installUserProject("pulumi-webhooks-types-", {
    "package.json": JSON.stringify({
      name: "types-check",
      private: true,
      dependencies: { "@pulumi/pulumi": pulumiSdkVersion(), "pulumi-webhooks": `file:${packedTarball()}` },
      // As the template's, plus TypeScript 6 under another name (both ship a `tsc` bin, so they are run by path).
      devDependencies: {
        "@types/node": "20.19.43",
        typescript: TYPESCRIPT_5,
        typescript6: `npm:typescript@${TYPESCRIPT_6}`,
      },
    }),
    "index.ts": PROGRAM,
    "tsconfig.json": JSON.stringify(PULUMI_TEMPLATE_TSCONFIG, null, 2),
    "typos.ts": TYPOS,
    "tsconfig.typos.json": JSON.stringify({ extends: "./tsconfig.json", files: ["typos.ts"] }),
    // TypeScript 6 refuses `moduleResolution: node` unless told to accept the deprecation, for every package
    // alike; this is the one line a template project must add to use TypeScript 6 at all.
    "tsconfig.ts6.json": JSON.stringify({
      extends: "./tsconfig.json",
      compilerOptions: { ignoreDeprecations: "6.0" },
    }),
    "tsconfig.ts6-typos.json": JSON.stringify({
      extends: "./tsconfig.typos.json",
      compilerOptions: { ignoreDeprecations: "6.0" },
    }),
  });
}, 240_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function tsc(typescriptPackage: string, project: string): Promise<{ code: number; output: string }> {
  const bin = path.join(dir, "node_modules", typescriptPackage, "bin", "tsc");
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [bin, "-p", project, "--noEmit", "--pretty", "false"],
      { cwd: dir, maxBuffer: 16 * 1024 * 1024 },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? 1, output: (failure.stdout ?? "") + (failure.stderr ?? "") };
  }
}

describe.each([
  {
    typescript: `TypeScript ${TYPESCRIPT_5}`,
    pkg: "typescript",
    version: TYPESCRIPT_5,
    project: "tsconfig.json",
    typos: "tsconfig.typos.json",
  },
  {
    typescript: `TypeScript ${TYPESCRIPT_6}`,
    pkg: "typescript6",
    version: TYPESCRIPT_6,
    project: "tsconfig.ts6.json",
    typos: "tsconfig.ts6-typos.json",
  },
])("with the tsconfig of `pulumi new typescript`, on $typescript", ({ pkg, version, project, typos }) => {
  it("runs the TypeScript version it names", async () => {
    const bin = path.join(dir, "node_modules", pkg, "bin", "tsc");
    const { stdout } = await run(process.execPath, [bin, "--version"]);
    expect(stdout.trim()).toBe(`Version ${version}`);
  });

  it("compiles a program over every namespace, declarations included (no skipLibCheck)", async () => {
    const result = await tsc(pkg, project);
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });

  it("rejects a misspelt Erzycall or Converc event at compile time, naming it", async () => {
    const result = await tsc(pkg, typos);
    const errors = result.output.split("\n").filter((line) => line.includes("error TS"));
    expect(errors).toEqual([
      expect.stringMatching(
        /^typos\.ts\(2,\d+\): error TS2820: Type '"call\.endd"' is not assignable .*Did you mean '"call\.ended"'\?$/,
      ),
      expect.stringMatching(
        /^typos\.ts\(3,\d+\): error TS2820: Type '"call\.cancelled"' is not assignable .*Did you mean '"call\.canceled"'\?$/,
      ),
    ]);
  });
});
