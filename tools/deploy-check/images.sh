#!/usr/bin/env bash
# `npx nx run deploy-check:images`: every app's image, from the Nx build output. Checks for a Docker
# engine first (so a machine without one fails in a second, not after the build), builds the apps
# and the JMH jar with Nx (cached), then `docker build`s apps/<app>/Dockerfile with the repository
# root as context. Tag: KEEL_IMAGE_TAG (default: the root package.json version), repository
# prefix: KEEL_IMAGE_PREFIX (default "keel/"), e.g. KEEL_IMAGE_PREFIX=registry.example/keel/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

command -v docker >/dev/null || { echo "error: docker not found: the images target needs a Docker engine" >&2; exit 1; }
if ! engine_error=$(docker info --format '{{.ServerVersion}}' 2>&1); then
  echo "error: no Docker engine reachable (docker info: ${engine_error##*$'\n'})" >&2
  echo "       start one (dockerd, Docker Desktop) or point DOCKER_HOST at one; the manifests and" >&2
  echo "       Dockerfiles are still checked without it by: npx nx run deploy-check:test" >&2
  exit 1
fi

tag=${KEEL_IMAGE_TAG:-$(node -p 'require("./package.json").version')}
prefix=${KEEL_IMAGE_PREFIX:-keel/}
apps=()
for dockerfile in apps/*/Dockerfile; do apps+=("$(basename "$(dirname "$dockerfile")")"); done

npx nx run-many -t build --projects="$(IFS=,; echo "${apps[*]}"),jmh-benchmarks" --outputStyle=static

for app in "${apps[@]}"; do
  echo "==> ${prefix}${app}:${tag}"
  docker build -f "apps/${app}/Dockerfile" -t "${prefix}${app}:${tag}" .
done
docker image ls --format '{{.Repository}}:{{.Tag}}\t{{.Size}}' | grep -F "${prefix}" | sort
