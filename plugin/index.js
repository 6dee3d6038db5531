// The source plugin's entry: the Node.js language host's run-plugin requires this folder with the engine's
// address as the process arguments, exactly what the pulumi-resource-webhooks executable reads.
require("../dist/provider/native/main.js");
