#!/usr/bin/env bash
# Refreshes test/fixtures from ../shared (the upstream conformance suites and the seed's endpoint table),
# so that a clone of this repository alone runs every conformance suite. Run it after ../shared changes.
set -euo pipefail
cd "$(dirname "$0")/.."
src=../shared
for dir in protocols sigv4 jmespath endpoints glacier; do
  rm -rf "test/fixtures/$dir"
  cp -R "$src/fixtures/$dir" "test/fixtures/$dir"
done
# Seed 003's table of services and their endpoint variables: its three-column rows only.
awk -F'\t' 'NF == 3 && $3 ~ /^AWS_ENDPOINT_URL_/' "$src/seeds/003-service-endpoints.txt" > test/fixtures/seed-003-endpoint-variables.tsv
chmod -R u+w test/fixtures
