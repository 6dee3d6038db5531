/**
 * `npm run docs`: the SDK's TSDoc, the docs tables and the README's list are what the zod schemas say,
 * committed without drift; and the generator notices what it must.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { inputFields } from "../provider/core/input-schema";
import { NATIVE_RESOURCES, tokenOf } from "../provider/native/resources";
import { argsInterface, generatedFiles, sdkFile, tsDocText } from "../scripts/docs";
import { typeText } from "../scripts/docs-tables";
import { firstSentence, propertyDocs, tsDocComment } from "../scripts/sdk-source";

const ROOT = path.join(__dirname, "..");
const committed = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

describe("generated docs", () => {
  it("are committed as `npm run docs` writes them", () => {
    for (const [file, text] of generatedFiles())
      expect(committed(file), `${file} is not what \`npm run docs\` generates: run it and commit`).toBe(text);
  });

  it("replace a hand-edited table row and a hand-edited TSDoc with what the schema says", () => {
    const row = "| `active` | `boolean` | `true` | in place |";
    const edited: Record<string, string> = {
      "docs/erzycall.md": committed("docs/erzycall.md").replace(
        row,
        "| `active` | `boolean` | `false` | in place |",
      ),
      "sdk/erzycall.ts": committed("sdk/erzycall.ts").replace(
        "/** Whether Erzycall delivers to the endpoint (`isActive`). Default `true`. */",
        "/** Whether it delivers. */",
      ),
    };
    expect(edited["docs/erzycall.md"]).not.toBe(committed("docs/erzycall.md"));
    expect(edited["sdk/erzycall.ts"]).not.toBe(committed("sdk/erzycall.ts"));
    const files = generatedFiles((file) => edited[file] ?? committed(file));
    expect(files.get("docs/erzycall.md")).toBe(committed("docs/erzycall.md"));
    expect(files.get("sdk/erzycall.ts")).toBe(committed("sdk/erzycall.ts"));
  });

  it("name the markers a page lacks", () => {
    const withoutMarkers = (file: string) =>
      file === "docs/erzycall.md"
        ? committed(file).replace(
            /<!-- generated:inputs webhooks:erzycall:Webhook -->[\s\S]*?<!-- \/generated -->/,
            "",
          )
        : committed(file);
    expect(() => generatedFiles(withoutMarkers)).toThrow(
      "docs/erzycall.md: add the markers <!-- generated:inputs webhooks:erzycall:Webhook -->",
    );
  });

  it("document every resource's inputs on its vendor's page", () => {
    for (const entry of NATIVE_RESOURCES)
      expect(committed(`docs/${entry.vendor}.md`)).toContain(`<!-- generated:inputs ${tokenOf(entry)} -->`);
  });
});

describe("SDK TSDoc", () => {
  it.each(NATIVE_RESOURCES.map((entry) => [tokenOf(entry), entry] as const))(
    "of %s's inputs is each input's zod description, then its default",
    (_token, entry) => {
      const file = sdkFile(entry.vendor);
      const docs = propertyDocs(file, committed(file), argsInterface(entry));
      const fields = inputFields(entry.inputs);
      expect([...docs.keys()].sort()).toEqual(fields.map((field) => field.name).sort());
      for (const field of fields) {
        expect(field.description, `${field.name} has no zod description`).toBeTruthy();
        expect(docs.get(field.name), field.name).toBe(tsDocText(field));
      }
    },
  );

  it("comments stay on one line when they fit and wrap at 110 columns when not", () => {
    expect(tsDocComment("Short.", "  ")).toBe("/** Short. */");
    const long = tsDocComment("word ".repeat(40).trim(), "  ");
    const lines = long.split("\n");
    expect(lines[0]).toBe("/**");
    expect(lines.at(-1)).toBe("   */");
    // The first line follows the indent in the file; the others carry it.
    for (const line of [`  ${lines[0]}`, ...lines.slice(1)]) expect(line.length).toBeLessThanOrEqual(110);
    expect(
      lines
        .slice(1, -1)
        .map((line) => line.replace(/^ {3}\* /, ""))
        .join(" "),
    ).toBe("word ".repeat(40).trim());
  });
});

describe("table cells", () => {
  it("write types as a program does", () => {
    expect(typeText({ type: "string", enum: ["GET", "POST"] })).toBe('"GET" | "POST"');
    expect(typeText({ type: "array", items: { type: "string", enum: ["a.b"] } })).toBe("string[]");
    expect(typeText({ type: "object", additionalProperties: { type: "string" } })).toBe(
      "Record<string, string>",
    );
    expect(typeText({ anyOf: [{ type: "string" }, { type: "number" }] })).toBe("string | number");
    expect(
      typeText({
        type: "array",
        items: {
          anyOf: [
            { type: "string" },
            { type: "object", properties: { url: {}, secret: {} }, required: ["url"] },
          ],
        },
      }),
    ).toBe("Array<string | { url, secret? }>");
  });

  it("summarize with the first sentence, not a stop inside code or an abbreviation", () => {
    expect(firstSentence("Lists hooks (e.g. `a.b`). More.")).toBe("Lists hooks (e.g. `a.b`).");
    expect(firstSentence("No stop")).toBe("No stop");
  });
});
