#!/usr/bin/env bash
# The README's test command, and all that CI runs: install, bring up the real local stack, lint,
# typecheck, format check, unit tests, build, integration tests against the real servers, and
# bring the stack down again if this run brought it up (KEEL_KEEP_STACK=1 keeps it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false FORCE_COLOR=0

step() { printf '\n==> %s (at %ss)\n' "$*" "$(( $(date +%s) - ${started:-$(date +%s)} ))"; }
started=$(date +%s)

step "install"
bash tools/scripts/install.sh

step "local stack"
stack_was_up=0
bash tools/local-stack/stack.sh status >/dev/null 2>&1 && stack_was_up=1
bash tools/local-stack/stack.sh up
if [[ $stack_was_up == 0 && "${KEEL_KEEP_STACK:-0}" != 1 ]]; then
  trap 'step "local stack down"; bash tools/local-stack/stack.sh down' EXIT
fi

step "lint"
npm run lint
step "typecheck"
npm run typecheck
step "format"
npm run format:check

step "unit tests"
npx nx run-many -t test --outputStyle=static
step "build"
npx nx run-many -t build --outputStyle=static
step "integration tests (real PostgreSQL, MariaDB, Kafka, ZooKeeper, Elasticsearch)"
npx nx run-many -t integration --parallel=1 --outputStyle=static
step "security suite (the built apps attacked over the network)"
npx nx run security:security --outputStyle=static
step "browser tests (the console in Debian's Chromium against the running apps)"
npx nx run console:e2e --outputStyle=static

step "all green in $(( $(date +%s) - started ))s"
