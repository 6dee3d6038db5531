/** Serializes a naive peer provider the way a user's program would (Pulumi closure serialization in the fixture). */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { DEFAULT_PROJECT, DEFAULT_STACK } from "../harness";

const RESULT_MARKER = "@@serialized@@";
const CHILD_SCRIPT = path.join(__dirname, "naive-serialize-child.cjs");

/** The `__provider` text of a plain `pulumi.dynamic.Resource` built with `makeProvider(config)` from `modulePath`. */
export function serializeNaive(
  fixtureDir: string,
  modulePath: string,
  config: Record<string, string>,
  args: Record<string, unknown>,
): Promise<string> {
  const request = JSON.stringify({
    project: DEFAULT_PROJECT,
    stack: DEFAULT_STACK,
    modulePath,
    config,
    name: "naive0",
    args,
  });
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [CHILD_SCRIPT],
      { cwd: fixtureDir, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const line = stdout.split("\n").find((candidate) => candidate.startsWith(RESULT_MARKER));
        const result = line
          ? (JSON.parse(line.slice(RESULT_MARKER.length)) as { providerText?: string; error?: string })
          : undefined;
        if (result?.providerText) return resolve(result.providerText);
        reject(
          new Error(
            `serializing the naive peer ${modulePath} failed: ${result?.error ?? error?.message ?? "no result"}\n${stderr}`,
          ),
        );
      },
    );
    child.stdin?.end(request);
  });
}
