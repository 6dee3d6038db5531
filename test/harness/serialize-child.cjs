// Runs inside the fixture project (cwd) as a user's Pulumi program would, under mocks: constructs the requested
// resources from the installed pulumi-webhooks and reports what the engine would receive in RegisterResource.
// Plain CommonJS on purpose: it must run with bare `node`, resolving every module from the fixture, not the repo.
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

/** `{ __secret: v }` in the request JSON stands for `pulumi.secret(v)` in the program. */
function toProgramValue(value) {
  if (Array.isArray(value)) return value.map(toProgramValue);
  if (value && typeof value === "object") {
    if (Object.keys(value).length === 1 && "__secret" in value)
      return pulumi.secret(toProgramValue(value.__secret));
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toProgramValue(v)]));
  }
  return value;
}

async function main() {
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const { project, stack, resources } = JSON.parse(input);

  // Mocks hide resource options from newResource (pulumi/pulumi#14421): read them off the request itself.
  const requests = new Map();
  const originalRegister = MockMonitor.prototype.registerResource;
  MockMonitor.prototype.registerResource = function (req, callback) {
    requests.set(this.newUrn(req.getParent(), req.getType(), req.getName()), {
      type: req.getType(),
      object: req.getObject() ? req.getObject().toJavaScript() : {},
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
    });
    return originalRegister.call(this, req, callback);
  };
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
      call: (args) => args.inputs,
    },
    project,
    stack,
    false,
  );

  const sdk = fromFixture("pulumi-webhooks");
  const created = resources.map((spec) => {
    const Resource = sdk[spec.module] && sdk[spec.module][spec.resource];
    if (typeof Resource !== "function")
      throw new Error(`pulumi-webhooks exports no ${spec.module}.${spec.resource}`);
    return new Resource(spec.name, toProgramValue(spec.args));
  });
  const urns = await Promise.all(
    created.map((resource) => new Promise((resolve) => resource.urn.apply(resolve))),
  );
  const results = urns.map((urn) => ({ ...requests.get(urn), urn }));
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify({ results, nodeVersion: process.version })}\n`);
  process.exit(0);
}

main().catch(fail);
