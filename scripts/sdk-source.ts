/**
 * The SDK's TypeScript source as data (through the TypeScript compiler API): the TSDoc of the properties of
 * its `Args` interfaces and resource classes, written from the schemas, and the exported functions the
 * README lists.
 */
import ts from "typescript";

/** Where the TSDoc comment of one interface member sits in the source, and what it says. */
interface MemberDoc {
  name: string;
  /** The comment's text on one line, or undefined when the member has none. */
  text?: string;
  /** The member's start (its comment included), where a missing comment goes. */
  start: number;
  /** The comment's range in the source, when there is one. */
  range?: { pos: number; end: number };
  indent: string;
}

const LINE_WIDTH = 110;

function parse(fileName: string, source: string): ts.SourceFile {
  return ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true);
}

/** The comment of a JSDoc node on one line: its lines joined, runs of spaces made one. */
function oneLine(doc: ts.JSDoc): string {
  return (ts.getTextOfJSDocComment(doc.comment) ?? "").replace(/\s+/g, " ").trim();
}

function jsDocOf(node: ts.Node): ts.JSDoc | undefined {
  return ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc).at(-1);
}

function memberDocs(file: ts.SourceFile, declarationName: string): MemberDoc[] {
  const declaration = file.statements.find(
    (statement): statement is ts.InterfaceDeclaration | ts.ClassDeclaration =>
      (ts.isInterfaceDeclaration(statement) || ts.isClassDeclaration(statement)) &&
      statement.name?.text === declarationName,
  );
  if (!declaration) throw new Error(`${file.fileName}: no interface or class ${declarationName}`);
  const properties = (declaration.members as ts.NodeArray<ts.Node>).filter(
    (member): member is ts.PropertySignature | ts.PropertyDeclaration =>
      ts.isPropertySignature(member) || ts.isPropertyDeclaration(member),
  );
  return properties.map((member) => {
    const doc = jsDocOf(member);
    const start = member.getStart(file, true);
    const lineStart = file.text.lastIndexOf("\n", start - 1) + 1;
    return {
      name: member.name.getText(file),
      ...(doc ? { text: oneLine(doc), range: { pos: doc.getStart(file), end: doc.end } } : {}),
      start: doc ? doc.getStart(file) : member.getStart(file),
      indent: file.text.slice(lineStart, start).replace(/\S.*$/, ""),
    };
  });
}

/** The TSDoc text of each property of an interface or class, on one line, by property name. */
export function propertyDocs(fileName: string, source: string, declarationName: string): Map<string, string> {
  const docs = memberDocs(parse(fileName, source), declarationName);
  return new Map(docs.map((doc) => [doc.name, doc.text ?? ""]));
}

/** A TSDoc comment holding `text`, one line when it fits, else wrapped at the formatter's width. */
export function tsDocComment(text: string, indent: string): string {
  const single = `/** ${text} */`;
  if (indent.length + single.length <= LINE_WIDTH) return single;
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && indent.length + 3 + line.length + 1 + word.length > LINE_WIDTH) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  lines.push(line);
  return ["/**", ...lines.map((each) => `${indent} * ${each}`), `${indent} */`].join("\n");
}

/**
 * `source` with the TSDoc of each property of an interface or class set to `texts[property]` (properties
 * not in `texts` keep theirs). A comment that already says the same text, however wrapped, is left as it is.
 */
export function withPropertyDocs(
  fileName: string,
  source: string,
  declarationName: string,
  texts: Record<string, string>,
): string {
  const docs = memberDocs(parse(fileName, source), declarationName);
  let result = source;
  for (const doc of [...docs].reverse()) {
    const text = texts[doc.name];
    if (text === undefined || text === doc.text) continue;
    const comment = tsDocComment(text, doc.indent);
    result = doc.range
      ? result.slice(0, doc.range.pos) + comment + result.slice(doc.range.end)
      : `${result.slice(0, doc.start)}${comment}\n${doc.indent}${result.slice(doc.start)}`;
  }
  return result;
}

/** A function the SDK exports, as the README lists it. */
export interface SdkFunction {
  name: string;
  /** The names of its argument's properties, `?` after optional ones; undefined when it takes none. */
  parameters?: string[];
  /** The first sentence of its TSDoc. */
  summary: string;
}

/** The exported functions of an SDK module, without their `...Output` twins. */
export function sdkFunctions(fileName: string, source: string): SdkFunction[] {
  const file = parse(fileName, source);
  const interfaces = new Map(
    file.statements
      .filter(ts.isInterfaceDeclaration)
      .map((declaration) => [declaration.name.text, declaration]),
  );
  const functions: SdkFunction[] = [];
  for (const statement of file.statements) {
    if (!ts.isFunctionDeclaration(statement) || !statement.name) continue;
    const exported = statement.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
    const name = statement.name.text;
    if (!exported || name.endsWith("Output")) continue;
    const doc = jsDocOf(statement);
    const parameterType = statement.parameters[0]?.type;
    const argsInterface =
      parameterType && ts.isTypeReferenceNode(parameterType)
        ? interfaces.get(parameterType.typeName.getText(file))
        : undefined;
    const parameters = argsInterface?.members
      .filter(ts.isPropertySignature)
      .map((member) => `${member.name.getText(file)}${member.questionToken ? "?" : ""}`);
    functions.push({
      name,
      ...(parameters ? { parameters } : {}),
      summary: firstSentence(doc ? oneLine(doc) : ""),
    });
  }
  return functions;
}

/** The text up to the first full stop that ends a sentence (not one inside `code` or an abbreviation). */
export function firstSentence(text: string): string {
  let inCode = false;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "`") inCode = !inCode;
    if (!inCode && text[i] === "." && (i + 1 === text.length || text[i + 1] === " ")) {
      const before = text.slice(0, i);
      if (!/\b(e\.g|i\.e|etc)$/.test(before)) return text.slice(0, i + 1);
    }
  }
  return text;
}
