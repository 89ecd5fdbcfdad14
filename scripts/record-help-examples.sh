#!/usr/bin/env bash
# Records the EXAMPLES section of the reference CLI's help pages into test/fixtures/help-examples/, for
# test/cli/help-examples.test.ts: one file per command (`<service> <command...>`, spaces as `__`), the lines
# between the EXAMPLES heading and the next heading, as the CLI prints them through `| cat` with the
# overstrikes (bold, underline) removed. Record only commands whose example file is the same in the
# reference's version and in the one models/examples/ was imported from.
# Usage: scripts/record-help-examples.sh [AWS]   (default /usr/bin/aws, AWS CLI v2 2.9.19)
set -euo pipefail
aws=${1:-/usr/bin/aws}
out=$(dirname "$0")/../test/fixtures/help-examples
while read -r -a command; do
  [ ${#command[@]} -eq 0 ] && continue
  name=$(IFS=_ && echo "${command[*]}" | sed 's/_/__/g')
  "$aws" "${command[@]}" help </dev/null | cat | sed 's/.\x08//g' |
    awk '/^[A-Z][A-Z ]*$/ { on = $0 == "EXAMPLES"; next } on' >"$out/$name.txt"
done <<'LIST'
ec2 describe-regions
ec2 wait instance-running
dynamodb put-item
dynamodb wait table-exists
s3api get-object
sqs send-message
sqs receive-message
kms encrypt
cloudformation describe-stacks
sns publish
logs put-log-events
route53 change-resource-record-sets
ssm get-parameter
rds describe-db-instances
configservice put-config-rule
deploy create-application
LIST
