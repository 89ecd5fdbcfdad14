#!/usr/bin/env bash
# Runs ../shared/clidiff on the command-line case files (the harness's and test/clidiff/'s) against the
# AWS CLI v2 reference, twice:
#   1. as installed (the reference reads its own, older service models), and
#   2. with the reference reading the same botocore models isoaws bundles (AWS_DATA_PATH), so that
#      differences of model version (member order, new members) drop out and only behaviour remains.
# Usage: scripts/clidiff.sh [extra clidiff args, e.g. --filter REGEX or -q]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
harness=${CLIDIFF_DIR:-$root/../shared/clidiff}
export CLIDIFF_AWS_V2=${CLIDIFF_AWS_V2:-/usr/bin/aws}
botocore=$(python3 -c 'import botocore, os; print(os.path.dirname(botocore.__file__))')/data
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
# The services of these cases whose current models the reference's botocore can still load
# (dynamodb's newer endpoint rules need a newer botocore, so it keeps the reference's model).
for service in ec2 s3 sns iam sts kms; do
  for file in "$botocore/$service"/*/*; do
    dir="$data/$service/$(basename "$(dirname "$file")")"
    mkdir -p "$dir"
    case "$file" in
      *.gz) gunzip -c "$file" > "$dir/$(basename "$file" .gz)" ;;
      *) cp "$file" "$dir/" ;;
    esac
  done
done
cases=()
for file in ec2-describe-instances outputs params pagination errors; do cases+=(--cases "$harness/cases/$file.yaml"); done
# isoaws's own cases: the AWS CLI customizations it reproduces (docs/customizations.md).
cases+=(--cases "$root/test/clidiff/customizations.yaml" --cases "$root/test/clidiff/s3-options.yaml")
# The user aliases of ~/.aws/cli/alias (src/cli/alias.ts).
cases+=(--cases "$root/test/clidiff/alias.yaml")
# cloudformation package: v2 for what needs no upload, v1 against moto for the uploads (see the file).
cases+=(--cases "$root/test/clidiff/cloudformation-package.yaml")
# dlm create-default-role and emr-containers role commands (IAM, EKS).
cases+=(--cases "$root/test/clidiff/role-commands.yaml")
# The command history: cli_history = enabled, history list, history show (src/cli/history, src/commands/history).
cases+=(--cases "$root/test/clidiff/history.yaml")
# servicecatalog generate, configservice subscribe, gamelift upload-build and get-game-session-log.
cases+=(--cases "$root/test/clidiff/small-commands.yaml")
# CodeDeploy: deploy push, register, deregister, --s3-location / --github-location (src/commands/deploy/).
cases+=(--cases "$root/test/clidiff/deploy.yaml")
# Event streams: s3api select-object-content and its outfile (stub and moto).
cases+=(--cases "$root/test/clidiff/event-streams.yaml")
# logs start-live-tail over canned StartLiveTail event streams, against v1 (v2 2.9.19 predates it).
cases+=(--cases "$root/test/clidiff/live-tail.yaml")
# Data Pipeline: definition files, parameter values, get-pipeline-definition, list-runs, create-default-roles.
cases+=(--cases "$root/test/clidiff/datapipeline.yaml")
# EMR: create-cluster, add-steps, describe-cluster, list-clusters --active, create-default-roles, ssh, HBase backups (src/commands/emr/).
cases+=(--cases "$root/test/clidiff/emr-commands.yaml")
# ddb put and ddb select against moto (src/commands/ddb).
cases+=(--cases "$root/test/clidiff/ddb.yaml")
# SigV4a: EventBridge global endpoints, multi-region access points, their presigned URLs (src/core/signing/sigv4a.ts).
cases+=(--cases "$root/test/clidiff/sigv4a.yaml")
# configure add-model and the models it adds to ~/.aws/models (src/commands/configure/add-model.ts).
cases+=(--cases "$root/test/clidiff/add-model.yaml")
# ecs deploy: task definition, AppSpec, CodeDeploy deployment and wait (src/commands/ecs/).
cases+=(--cases "$root/test/clidiff/ecs-deploy.yaml")
# ecs create/update/delete-express-gateway-service unchanged without --monitor-resources (v1; src/cli/monitor-resources.ts).
cases+=(--cases "$root/test/clidiff/ecs-monitor.yaml")
# The EXAMPLES section of help pages (models/docs/examples/, scripts/import-examples.js).
cases+=(--cases "$root/test/clidiff/help-examples.yaml")
# The wizards' command lines and input that ends early (src/commands/wizard/).
cases+=(--cases "$root/test/clidiff/wizard.yaml")
# cli_timestamp_format = wire: timestamps as the response carried them, per protocol (src/cli/wire-timestamps.ts).
cases+=(--cases "$root/test/clidiff/wire-timestamps.yaml")
cd "$harness"
echo "== reference with its own models"
./clidiff run --candidate "node $root/bin/isoaws.js" "${cases[@]}" -j 2 "$@" || true
echo "== reference with isoaws's models (AWS_DATA_PATH)"
AWS_DATA_PATH=$data ./clidiff run --candidate "node $root/bin/isoaws.js" --pass-env AWS_DATA_PATH "${cases[@]}" -j 2 "$@" || true
