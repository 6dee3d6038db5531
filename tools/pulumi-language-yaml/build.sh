#!/bin/sh
# Builds the Pulumi YAML language host (pulumi-yaml v1.25.0) beside the test CLI, for the native provider's
# YAML program tests. Usage: tools/pulumi-language-yaml/build.sh [output dir]
set -eu
cd "$(dirname "$0")"
out="${1:-${PULUMI_WEBHOOKS_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-webhooks}/yaml-v1.25.0}"
mkdir -p "$out"
go build -o "$out/pulumi-language-yaml" github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
echo "$out/pulumi-language-yaml"
