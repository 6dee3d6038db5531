// Runs inside the fixture project (cwd) as a user's Pulumi program would, under mocks: builds a naive peer provider
// from a module in test/bench/naive (outside node_modules, so Pulumi serializes it by value, config included),
// constructs one plain `pulumi.dynamic.Resource` with it and reports the `__provider` text the engine would store.
"use strict";
const { createRequire } = require("node:module");
const path = require("node:path");

const fromFixture = createRequire(path.join(process.cwd(), "package.json"));
const pulumi = fromFixture("@pulumi/pulumi");
const { MockMonitor } = fromFixture("@pulumi/pulumi/runtime/mocks");
const RESULT_MARKER = "@@serialized@@";

function fail(error) {
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify({ error: String(error?.stack || error) })}\n`);
  process.exit(1);
}
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

async function main() {
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const { project, stack, modulePath, config, name, args } = JSON.parse(input);
  let object;
  const originalRegister = MockMonitor.prototype.registerResource;
  MockMonitor.prototype.registerResource = function (req, callback) {
    object = req.getObject() ? req.getObject().toJavaScript() : {};
    return originalRegister.call(this, req, callback);
  };
  await pulumi.runtime.setMocks(
    { newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs },
    project,
    stack,
    false,
  );
  const provider = require(modulePath).makeProvider(config);
  const resource = new pulumi.dynamic.Resource(provider, name, args);
  await new Promise((resolve) => resource.urn.apply(resolve));
  if (!object || typeof object.__provider !== "string")
    throw new Error("the naive resource was registered without a __provider string");
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify({ providerText: object.__provider })}\n`);
  process.exit(0);
}

main().catch(fail);
