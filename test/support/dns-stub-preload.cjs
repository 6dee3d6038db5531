// Loaded with NODE_OPTIONS=--require into a provider host: stands in for the resolver for `*.invalid` names
// (RFC 2606 reserves the TLD), so a test meets ENOTFOUND or EAI_AGAIN without a DNS query leaving the machine,
// and logs every name looked up to DNS_STUB_LOG, one a line: a connection attempt each, as undici keeps no DNS
// cache. `eai-again.<anything>.invalid` answers EAI_AGAIN, any other `.invalid` name ENOTFOUND.
const dns = require("node:dns");
const fs = require("node:fs");

const log = process.env.DNS_STUB_LOG;
const lookup = dns.lookup;

dns.lookup = function stubbedLookup(hostname, options, callback) {
  const done = typeof options === "function" ? options : callback;
  if (log) fs.appendFileSync(log, `${hostname}\n`);
  if (typeof hostname === "string" && hostname.endsWith(".invalid")) {
    const code = hostname.startsWith("eai-again.") ? "EAI_AGAIN" : "ENOTFOUND";
    const error = Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), {
      code,
      syscall: "getaddrinfo",
      hostname,
    });
    process.nextTick(done, error);
    return {};
  }
  return lookup.call(this, hostname, options, callback);
};
