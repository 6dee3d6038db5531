// Preloaded with `--require` through NODE_OPTIONS by the real-CLI bench when BENCH_CLI_PROFILE is set (Node 20
// refuses `--cpu-prof` there). When the process exits or the engine stops it with a signal, it writes
// `<BENCH_CPU_PROFILE_DIR>/<pid>.cpu.json` (its role and the CPU time it used: robust to a loaded machine, unlike
// wall time) and, unless BENCH_CPU_PROFILE_MODE is "usage", `<pid>.cpuprofile` (V8's sampling profiler).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const inspector = require("node:inspector");

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const profiling = process.env.BENCH_CPU_PROFILE_MODE !== "usage";
  const session = new inspector.Session();
  if (profiling) {
    session.connect();
    session.post("Profiler.enable");
    session.post("Profiler.setSamplingInterval", { interval: 500 });
    session.post("Profiler.start");
  }
  // Known only at exit: the provider launcher names itself in argv after the preloads have run.
  const roleOf = (args) =>
    args.includes("pulumi-resource-pulumi-nodejs") ||
    args.includes("pulumi-resource-webhooks") ||
    args.includes("provider/native/main.js")
      ? "provider"
      : args.includes("cmd/run")
        ? "program"
        : "other";
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    fs.mkdirSync(dir, { recursive: true });
    const { user, system } = process.cpuUsage();
    const usage = {
      role: roleOf(process.argv.join(" ")),
      pid: process.pid,
      userMs: user / 1000,
      systemMs: system / 1000,
    };
    fs.writeFileSync(path.join(dir, `${process.pid}.cpu.json`), JSON.stringify(usage));
    if (!profiling) return;
    // The main-thread session answers synchronously, so this works inside an exit handler too.
    session.post("Profiler.stop", (error, result) => {
      if (error) return;
      fs.writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.on("exit", write);
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, () => {
      write();
      process.kill(process.pid, signal);
    });
  }
}
