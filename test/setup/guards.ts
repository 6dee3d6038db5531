/**
 * Loaded before every test file.
 * - Any console output fails the test: provider code must never print (secrets and noise stay out of logs).
 * - Any HTTP request to a non-loopback origin fails: tests and benchmarks only ever talk to local emulators.
 */
import { beforeEach, afterEach } from "vitest";
import * as net from "node:net";

const consoleMethods = ["log", "info", "warn", "error", "debug", "trace"] as const;
const printed: string[] = [];
const originals = new Map<string, (...args: unknown[]) => void>();

for (const method of consoleMethods) {
  originals.set(method, console[method] as (...args: unknown[]) => void);
  console[method] = (...args: unknown[]) => {
    printed.push(`console.${method}: ${args.map(String).join(" ")}`);
  };
}

beforeEach(() => {
  printed.length = 0;
});

afterEach(() => {
  if (printed.length > 0) {
    const lines = printed.splice(0);
    throw new Error(`code under test printed to the console:\n${lines.join("\n")}`);
  }
});

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;
const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]) {
  const first = args[0] as { host?: string; path?: string } | number | string | undefined;
  const host =
    typeof first === "object" && first !== null
      ? (first.host ?? (first.path ? "localhost" : undefined))
      : typeof args[1] === "string"
        ? args[1]
        : undefined;
  if (host !== undefined && !LOOPBACK.test(host)) {
    throw new Error(`tests may only reach loopback addresses; blocked a connection to ${host}`);
  }
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;
