#!/usr/bin/env bash
# Builds the JMH suite and the deliberately faulty suite with the JMH version of
# tools/local-stack/versions.env (the poms take it as -Djmh.version and have none of their own).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
# shellcheck source=../local-stack/versions.env
source ../local-stack/versions.env
for pom in pom.xml faulty/pom.xml; do
  mvn -q -B -f "$pom" package -DskipTests -Djmh.version="$JMH_VERSION"
done
