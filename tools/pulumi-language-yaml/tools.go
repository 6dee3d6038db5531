//go:build tools

// Package tools pins the Pulumi YAML language host that test/native/cli-yaml.test.ts runs programs with.
// Build it with ./build.sh; the binary goes to /root/.cache/pulumi-webhooks/yaml-v1.25.0/.
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
