//go:build tools

// Package tools pins the Pulumi YAML language host that test/native/cli-yaml.test.ts runs programs with.
// `npm run pulumi:install` builds it into the CLI cache (yaml-v<version>).
package tools

import _ "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"
