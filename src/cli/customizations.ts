/**
 * The AWS CLI's per-service changes to operation commands that are data: renamed arguments
 * (argrename.py), hidden aliases and defaulted arguments keyed `<cli service>.<operation or *>.<argument>`,
 * and the commands it removes or adds. Customizations with behaviour are records
 * (command-customizations.ts).
 */
export const ARGUMENT_RENAMES: Readonly<Record<string, string>> = {
  'ec2.create-image.no-no-reboot': 'reboot',
  'ec2.*.no-egress': 'ingress',
  'ec2.*.no-disable-api-termination': 'enable-api-termination',
  'opsworks.*.region': 'stack-region',
  'elastictranscoder.*.output': 'job-output',
  'swf.register-activity-type.version': 'activity-version',
  'swf.register-workflow-type.version': 'workflow-version',
  'datapipeline.*.query': 'objects-query',
  'datapipeline.get-pipeline-definition.version': 'pipeline-version',
  'emr.*.job-flow-ids': 'cluster-ids',
  'emr.*.job-flow-id': 'cluster-id',
  'cloudsearchdomain.search.query': 'search-query',
  'cloudsearchdomain.suggest.query': 'suggest-query',
  'sns.subscribe.endpoint': 'notification-endpoint',
  'ses.send-email.source': 'from',
  'deploy.*.s-3-location': 's3-location',
  'deploy.*.ec-2-tag-filters': 'ec2-tag-filters',
  'codepipeline.get-pipeline.version': 'pipeline-version',
  'codepipeline.create-custom-action-type.version': 'action-version',
  'codepipeline.delete-custom-action-type.version': 'action-version',
  'codepipeline.get-action-type.version': 'action-version',
  'kinesisanalytics.add-application-output.output': 'application-output',
  'kinesisanalyticsv2.add-application-output.output': 'application-output',
  'route53.delete-traffic-policy.version': 'traffic-policy-version',
  'route53.get-traffic-policy.version': 'traffic-policy-version',
  'route53.update-traffic-policy-comment.version': 'traffic-policy-version',
  'gamelift.create-build.version': 'build-version',
  'gamelift.update-build.version': 'build-version',
  'gamelift.create-script.version': 'script-version',
  'gamelift.update-script.version': 'script-version',
  'route53domains.view-billing.start': 'start-time',
  'route53domains.view-billing.end': 'end-time',
  'apigateway.create-rest-api.version': 'api-version',
  'apigatewayv2.create-api.version': 'api-version',
  'apigatewayv2.update-api.version': 'api-version',
  'pinpoint.get-campaign-version.version': 'campaign-version',
  'pinpoint.get-segment-version.version': 'segment-version',
  'pinpoint.delete-email-template.version': 'template-version',
  'pinpoint.delete-in-app-template.version': 'template-version',
  'pinpoint.delete-push-template.version': 'template-version',
  'pinpoint.delete-sms-template.version': 'template-version',
  'pinpoint.delete-voice-template.version': 'template-version',
  'pinpoint.get-email-template.version': 'template-version',
  'pinpoint.get-in-app-template.version': 'template-version',
  'pinpoint.get-push-template.version': 'template-version',
  'pinpoint.get-sms-template.version': 'template-version',
  'pinpoint.get-voice-template.version': 'template-version',
  'pinpoint.update-email-template.version': 'template-version',
  'pinpoint.update-in-app-template.version': 'template-version',
  'pinpoint.update-push-template.version': 'template-version',
  'pinpoint.update-sms-template.version': 'template-version',
  'pinpoint.update-voice-template.version': 'template-version',
  'stepfunctions.send-task-success.output': 'task-output',
  'clouddirectory.publish-schema.version': 'schema-version',
  'mturk.list-qualification-types.query': 'types-query',
  'workdocs.create-notification-subscription.endpoint': 'notification-endpoint',
  'workdocs.describe-users.query': 'user-query',
  'lex-models.delete-bot.version': 'bot-version',
  'lex-models.delete-intent.version': 'intent-version',
  'lex-models.delete-slot-type.version': 'slot-type-version',
  'lex-models.get-intent.version': 'intent-version',
  'lex-models.get-slot-type.version': 'slot-type-version',
  'lex-models.delete-bot-version.version': 'bot-version',
  'lex-models.delete-intent-version.version': 'intent-version',
  'lex-models.delete-slot-type-version.version': 'slot-type-version',
  'lex-models.get-export.version': 'resource-version',
  'license-manager.get-grant.version': 'grant-version',
  'license-manager.delete-grant.version': 'grant-version',
  'license-manager.get-license.version': 'license-version',
  'mobile.create-project.region': 'project-region',
  'rekognition.create-stream-processor.output': 'stream-processor-output',
  'eks.create-cluster.version': 'kubernetes-version',
  'eks.update-cluster-version.version': 'kubernetes-version',
  'eks.create-nodegroup.version': 'kubernetes-version',
  'eks.update-nodegroup-version.version': 'kubernetes-version',
  'controltower.create-landing-zone.version': 'landing-zone-version',
  'controltower.update-landing-zone.version': 'landing-zone-version',
  // Glue's own Region member would otherwise be read as the global --region.
  'glue.get-unfiltered-partition-metadata.region': 'resource-region',
  'glue.get-unfiltered-partitions-metadata.region': 'resource-region',
  'glue.get-unfiltered-table-metadata.region': 'resource-region',
  'schemas.*.version': 'schema-version',
  'sagemaker.delete-image-version.version': 'version-number',
  'sagemaker.describe-image-version.version': 'version-number',
  'sagemaker.list-aliases.version': 'version-number',
  'sagemaker.update-image-version.version': 'version-number',
  'iotwireless.*.lo-ra-wan': 'lorawan',
  'ecs.*.no-enable-execute-command': 'disable-execute-command',
  'ecs.execute-command.no-interactive': 'non-interactive',
  // agent-toolkit's modeled commands (argrename.py): every `name` is a skill's.
  'agent-toolkit.*.name': 'skill-name',
  'agent-toolkit.search-skills.query': 'search-query',
};

/** Old spellings still accepted but not documented. */
export const HIDDEN_ALIASES: Readonly<Record<string, string>> = {
  'mgn.*.replication-servers-security-groups-ids': 'replication-servers-security-groups-i-ds',
  'mgn.*.source-server-ids': 'source-server-i-ds',
  'mgn.*.replication-configuration-template-ids': 'replication-configuration-template-i-ds',
  'elasticache.create-replication-group.preferred-cache-cluster-azs': 'preferred-cache-cluster-a-zs',
};

/**
 * Arguments the model requires that isoaws lets you leave out, because the engine fills them in (a
 * deliberate difference: the AWS CLI stops at its own argument check first). Values are the defaults.
 */
export const DEFAULTED_ARGUMENTS: Readonly<Record<string, string>> = {
  // Every Glacier operation takes the account; `-` is the caller's (botocore's inject_account_id).
  'glacier.*.account-id': '-',
};

/**
 * Operations the AWS CLI has no command for (its removals.py): deprecated ones, and those whose answer is
 * an event stream, which the CLI does not read, and one it replaces. Keys are CLI service names, values
 * CLI operation names.
 */
export const REMOVED_COMMANDS: Readonly<Record<string, readonly string[]>> = {
  ses: ['delete-verified-email-address', 'list-verified-email-addresses', 'verify-email-address'],
  // Replaced by add-option-to-option-group and remove-option-from-option-group (ADDED_COMMANDS).
  rds: ['modify-option-group'],
  // Listed as create-oauth2-token (ADDED_COMMANDS), accepted under this name (HIDDEN_COMMANDS).
  signin: ['create-o-auth2-token'],
  ec2: ['import-instance', 'import-volume'],
  emr: [
    'run-job-flow',
    'describe-job-flows',
    'add-job-flow-steps',
    'terminate-job-flows',
    'list-bootstrap-actions',
    'list-instance-groups',
    'set-termination-protection',
    'set-keep-job-flow-alive-when-no-steps',
    'set-visible-to-all-users',
    'set-unhealthy-node-replacement',
  ],
  kinesis: ['subscribe-to-shard'],
  'lexv2-runtime': ['start-conversation'],
  lambda: ['invoke-with-response-stream'],
  'sagemaker-runtime': ['invoke-endpoint-with-response-stream'],
  'bedrock-runtime': ['invoke-model-with-bidirectional-stream', 'invoke-model-with-response-stream', 'converse-stream'],
  'bedrock-agent-runtime': [
    'agentic-retrieve-stream',
    'invoke-agent',
    'invoke-flow',
    'invoke-inline-agent',
    'optimize-prompt',
    'retrieve-and-generate-stream',
  ],
  'bedrock-agentcore': ['invoke-code-interpreter', 'invoke-agent-runtime-command', 'invoke-harness'],
  qbusiness: ['chat'],
  iotsitewise: ['invoke-assistant'],
  logs: ['get-log-object'],
  polly: ['start-speech-synthesis-stream'],
  connecthealth: ['start-medical-scribe-listening-session'],
  'devops-agent': ['send-message'],
  // agenttoolkit/__init__.py keeps three modeled commands, two of them renamed (ADDED_COMMANDS); the
  // others are the custom commands' calls (get-skill-file is one of its own).
  'agent-toolkit': [
    'get-latest-skill-version',
    'get-skill',
    'get-skill-file',
    'get-skill-file-checksum',
    'list-skills',
  ],
};

/** The entries of `table` that apply to `service operation`: [argument, value] pairs. */
export function lookup(
  table: Readonly<Record<string, string>>,
  service: string,
  operation: string,
): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(table)) {
    const [svc, op, arg] = splitKey(key);
    if (svc === service && (op === '*' || op === operation)) out.push([arg, value]);
  }
  return out;
}

function splitKey(key: string): [string, string, string] {
  const first = key.indexOf('.');
  const last = key.lastIndexOf('.');
  return [key.slice(0, first), key.slice(first + 1, last), key.slice(last + 1)];
}

/**
 * Commands the AWS CLI makes for an operation under other names, by CLI service: command → modeled
 * operation. rds.py splits ModifyOptionGroup into two commands, each with one of its option lists as
 * `--options`; signin.py names CreateOAuth2Token `create-oauth2-token` (its xform_name has `o-auth2`).
 */
export const ADDED_COMMANDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  rds: { 'add-option-to-option-group': 'ModifyOptionGroup', 'remove-option-from-option-group': 'ModifyOptionGroup' },
  signin: { 'create-oauth2-token': 'CreateOAuth2Token' },
  'agent-toolkit': { 'get-skill-metadata': 'GetSkill', 'list-available-skills': 'ListSkills' },
};

/**
 * Old names the AWS CLI still accepts but no longer lists (make_hidden_command_alias), by CLI service:
 * command → modeled operation.
 */
export const HIDDEN_COMMANDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  cloudwatch: {
    'get-o-tel-enrichment': 'GetOTelEnrichment',
    'start-o-tel-enrichment': 'StartOTelEnrichment',
    'stop-o-tel-enrichment': 'StopOTelEnrichment',
  },
  signin: { 'create-o-auth2-token': 'CreateOAuth2Token' },
};
