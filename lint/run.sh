#!/usr/bin/env bash
# cfn-lint and checkov on every template the project synthesizes (npx projen lint:templates, after
# lint:install): the integ snapshots, the example app in both of the demo's stages, the Python example's
# cloud assembly when it has been synthesized, and any other directory or template given as an argument.
#   lint/run.sh [PATH...]          the project's templates, and PATH...
#   lint/run.sh --only PATH...     only PATH... (e.g. a cloud assembly another CI step just wrote)
set -euo pipefail
cd "$(dirname "$0")/.."

unavailable=.venv/lint-unavailable.txt
python=.venv/lint/bin/python
if [ -f "$unavailable" ]; then
  echo "skipped: $(cat "$unavailable")"
  exit 0
fi
if [ ! -x "$python" ]; then
  echo "lint/run.sh: .venv/lint is missing: run 'npx projen lint:install' first" >&2
  exit 2
fi

paths=()
if [ "${1:-}" = "--only" ]; then
  shift
  [ $# -gt 0 ] || { echo "lint/run.sh: --only needs at least one path" >&2; exit 2; }
else
  out=$(mktemp -d "${TMPDIR:-/tmp}/lint-templates.XXXXXX")
  trap 'rm -rf "$out"' EXIT
  # Transpile only: tsc (npx projen compile) type-checks the library, and this only needs its templates.
  TS_NODE_PROJECT=tsconfig.dev.json node -r ts-node/register/transpile-only lint/synth-templates.ts "$out"
  paths+=(test/integ "$out")
  for assembly in examples/python/cdk.out; do
    [ -d "$assembly" ] && paths+=("$assembly")
  done
fi
paths+=("$@")

exec "$python" lint/lint_templates.py "${paths[@]}"
