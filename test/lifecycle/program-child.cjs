// Runs a Pulumi program (already transpiled to CommonJS inside the fixture project) the way the language host
// would, with the SDK's mock monitor standing in for the engine's resource monitor. Every RegisterResource is
// forwarded to the parent over IPC, which plays the engine (check, diff, create/update/replace through the real
// dynamic-provider host) and answers with the outputs the program then sees. Plain CommonJS so bare `node` runs it,
// resolving every module from the fixture, never the repository.
"use strict";
const { createRequire } = require("node:module");
const path = require("node:path");

const fromFixture = createRequire(path.join(process.cwd(), "package.json"));
const pulumi = fromFixture("@pulumi/pulumi");
const { MockMonitor } = fromFixture("@pulumi/pulumi/runtime/mocks");
const resproto = fromFixture("@pulumi/pulumi/proto/resource_pb");
const { Struct } = fromFixture("google-protobuf/google/protobuf/struct_pb");

const pending = new Map();
let nextRequest = 0;
/** One question to the parent engine; the answer arrives as a message with the same `requestId`. */
function ask(message) {
  const requestId = nextRequest++;
  return new Promise((resolve, reject) => {
    pending.set(requestId, { resolve, reject });
    process.send({ ...message, requestId });
  });
}
process.on("message", (message) => {
  const waiter = pending.get(message.requestId);
  if (!waiter) return;
  pending.delete(message.requestId);
  if (message.error !== undefined) waiter.reject(new Error(message.error));
  else waiter.resolve(message);
});

function finish(message) {
  process.send(message, () => process.exit(message.kind === "done" ? 0 : 1));
}
process.on("uncaughtException", (error) => finish({ kind: "failed", error: String(error?.message) }));
process.on("unhandledRejection", (error) => finish({ kind: "failed", error: String(error?.message) }));

MockMonitor.prototype.registerResource = async function (req, callback) {
  try {
    const urn = this.newUrn(req.getParent(), req.getType(), req.getName());
    const answer = await ask({
      kind: "register",
      urn,
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      object: req.getObject() ? req.getObject().toJavaScript() : {},
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      deleteBeforeReplace: req.getDeletebeforereplacedefined() ? req.getDeletebeforereplace() : undefined,
    });
    this.resources.set(urn, { urn, id: answer.id || null, state: answer.outputs });
    const response = new resproto.RegisterResourceResponse();
    response.setUrn(urn);
    response.setId(answer.id || "");
    response.setObject(Struct.fromJavaScript(answer.outputs));
    callback(null, response);
  } catch (error) {
    callback(error, undefined);
  }
};

/** A stack export as the CLI would show it: its value, whether it is known yet, whether it is secret. */
async function settle(value) {
  const output = pulumi.output(value);
  const [resolved, isKnown, isSecret] = await Promise.all([
    output.promise(),
    output.isKnown,
    output.isSecret,
  ]);
  return { value: isKnown ? resolved : undefined, known: isKnown, secret: isSecret };
}

async function main() {
  const { program, project, stack, preview } = JSON.parse(process.env.PULUMI_WEBHOOKS_PROGRAM_RUN);
  await pulumi.runtime.setMocks(
    { newResource: () => ({ id: undefined, state: {} }), call: (args) => args.inputs },
    project,
    stack,
    preview,
  );
  const loaded = require(program);
  // A program may export a function (async or not) whose result is its outputs, as the Pulumi CLI allows.
  const exported = typeof loaded === "function" ? await loaded() : loaded;
  const outputs = {};
  for (const [name, value] of Object.entries(exported)) outputs[name] = await settle(value);
  // Registrations the program started without awaiting finish before the run counts as done.
  await fromFixture("@pulumi/pulumi/runtime/settings").waitForRPCs();
  finish({ kind: "done", outputs });
}

main().catch((error) => finish({ kind: "failed", error: String(error?.message) }));
