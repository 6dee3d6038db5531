import type * as pulumi from "@pulumi/pulumi";

/** The full provider contract, as every resource implementation provides it (the thin shim calls each method). */
export type CompleteProvider = Required<pulumi.dynamic.ResourceProvider>;
