/**
 * `npx tsx scripts/cpu-profile-summary.ts <folder> [top]`: what the V8 CPU profiles under a folder (as
 * `BENCH_CLI_PROFILE` writes them, one sub-folder per vendor, program and step) say, per process: which process
 * it was (the dynamic-provider host or the program), its sampled wall time, the time it was busy (not idle; on a
 * loaded machine this includes time the process waited for a core), that time per package or file, the
 * functions with the most self time, and the time spent loading modules for this package's own calls. With
 * `usage` instead of `top`: the CPU time each step's program and provider host used, per folder (what every
 * profiled process records, profiler or not).
 */
import * as fs from "node:fs";
import * as path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: an npm package, a file of this package, node's own code, or V8's pseudo-frames. */
function origin(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native)";
  const packaged = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packaged) {
    const inner = packaged[1] === "pulumi-webhooks" ? /pulumi-webhooks\/dist\/(.*)$/.exec(url) : null;
    return inner ? `pulumi-webhooks/${inner[1]}` : packaged[1]!;
  }
  if (url.startsWith("node:")) return "node:*";
  return path.basename(url);
}

function summarize(file: string, top: number): string {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const byOrigin = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const loading = new Map<string, number>();
  let idle = 0;
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    total += us;
    if (frame.functionName === "(idle)") {
      idle += us;
      continue;
    }
    const where = origin(frame.url, frame.functionName);
    byOrigin.set(where, (byOrigin.get(where) ?? 0) + us);
    const file = frame.url.replace(/^.*node_modules\//, "").replace(/^file:\/\//, "");
    const fn = `${frame.functionName || "(anonymous)"} ${file || where}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    const cause = loadingCause(id, byId, parentOf);
    if (cause) loading.set(cause, (loading.get(cause) ?? 0) + us);
  }
  const urls = profile.nodes.map((node) => node.callFrame.url);
  const kind = urls.some((url) => url.includes("cmd/dynamic-provider"))
    ? "provider host"
    : urls.some((url) => url.includes("cmd/run"))
      ? "program"
      : "other";
  const ms = (us: number) => `${(us / 1000).toFixed(0)} ms`;
  const ranked = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => `    ${ms(us).padStart(8)}  ${name}`);
  return [
    `${path.relative(process.cwd(), file)} (${kind}): ${ms(total)} sampled, ${ms(total - idle)} busy`,
    "  busy by package or file:",
    ...ranked(byOrigin),
    "  functions by self time:",
    ...ranked(byFunction),
    "  loading modules (require), by the call of this package that loaded them:",
    ...ranked(loading),
  ].join("\n");
}

/**
 * When the sample is inside a `require` made, directly or through the modules it loads, by a function of this
 * package (pulumi-webhooks/dist): that function, the innermost one that is not a module's top level, e.g.
 * `provider/registry.js erzycall:Webhook` (a vendor's implementation, zod with it) or `provider/core/http.js undici`
 * (the HTTP client, on the first request). Loading is most of what our provider adds to a host that does little else.
 */
function loadingCause(
  id: number,
  byId: Map<number, ProfileNode>,
  parentOf: Map<number, number>,
): string | undefined {
  let inRequire = false;
  for (let current: number | undefined = id; current !== undefined; current = parentOf.get(current)) {
    const frame = byId.get(current)!.callFrame;
    if (frame.functionName === "Module._load") inRequire = true;
    const ours = /pulumi-webhooks\/dist\/(.*)$/.exec(frame.url);
    if (inRequire && ours && frame.functionName) return `${ours[1]} ${frame.functionName}`;
  }
  return undefined;
}

function filesUnder(folder: string, suffix: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return filesUnder(full, suffix);
    return entry.name.endsWith(suffix) ? [full] : [];
  });
}

/** One line per folder: the CPU time (user + system) its program and provider-host processes used. */
function usageTable(folder: string): string {
  const byFolder = new Map<string, Record<string, number>>();
  for (const file of filesUnder(folder, ".cpu.json")) {
    const usage = JSON.parse(fs.readFileSync(file, "utf8")) as {
      role: string;
      userMs: number;
      systemMs: number;
    };
    const key = path.relative(folder, path.dirname(file)) || ".";
    const roles = byFolder.get(key) ?? {};
    roles[usage.role] = (roles[usage.role] ?? 0) + usage.userMs + usage.systemMs;
    byFolder.set(key, roles);
  }
  const ms = (value: number | undefined) => (value === undefined ? "-" : value.toFixed(0));
  return [
    "| run | program CPU ms | provider host CPU ms |",
    "|---|---|---|",
    ...[...byFolder]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, roles]) => `| ${key} | ${ms(roles.program)} | ${ms(roles.provider)} |`),
  ].join("\n");
}

const [folder, top = "12"] = process.argv.slice(2);
if (!folder) {
  process.stderr.write("usage: npx tsx scripts/cpu-profile-summary.ts <folder> [top | usage]\n");
  process.exit(2);
}
if (top === "usage") {
  process.stdout.write(`${usageTable(folder)}\n`);
  process.exit(0);
}
const files = fs.statSync(folder).isDirectory() ? filesUnder(folder, ".cpuprofile").sort() : [folder];
for (const file of files) process.stdout.write(`${summarize(file, Number(top))}\n\n`);
