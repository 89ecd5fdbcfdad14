/**
 * Which commands each customization record (command-args.ts) applies to: the one place they are
 * registered, read by the argument table (arg-table.ts). Loaded with an operation command only, so a
 * command of its own (`s3 ls`) or `--version` never loads them.
 */
import { BLOB_HOISTS } from './blob-hoists.js';
import { bundleInstance } from './bundle-instance.js';
import { createDistribution, invalidationPaths, updateDistribution } from './cloudfront.js';
import { defineExpression, defineIndexField } from './cloudsearch.js';
import { recordingGroup } from './configuration-recorder.js';
import { activatePipeline, getPipelineDefinition, putPipelineDefinition } from './datapipeline/arguments.js';
import type { CommandCustomization } from './command-args.js';
import { launchKey } from './decrypt-password.js';
import { addTagWords, listClusterStates } from './emr-args.js';
import { describeWithPageSize } from './ec2-page-size.js';
import { policyDocuments } from './iam-policies.js';
import { hoistedZipFile, zipFileArgument } from './lambda-zip.js';
import { monitorResources } from './monitor-resources.js';
import { protocolNumbers } from './protocol-arg.js';
import { putMetricData } from './put-metric-data.js';
import { queryOutfiles } from './query-outfiles.js';
import { optionGroupList } from './rds-option-group.js';
import { revisionLocation } from './revision-location.js';
import { runInstances } from './run-instances.js';
import { securityGroupRule } from './security-group-rule.js';
import { selectOutfile } from './select-outfile.js';
import { sendEmail } from './ses-send-email.js';
import { virtualMfaBootstrap } from './virtual-mfa.js';
import { ArgumentError } from './usage.js';

/** CloudSearch domains have only endpoints of their own (cloudsearchdomain.py): there is no default. */
const endpointRequired: CommandCustomization = {
  calling(ctx) {
    if (ctx.globals.endpointUrl === undefined)
      throw new ArgumentError('--endpoint-url is required for cloudsearchdomain commands');
  },
};

/**
 * Kinesis's ListStreams once paged by ExclusiveStartStreamName, which NextToken now refuses beside it:
 * the CLI treats it as a token of its own (kinesis.py), hidden, turning auto-pagination off.
 */
const kinesisListStreams: CommandCustomization = { pagingTokens: ['ExclusiveStartStreamName'] };

const SECURITY_GROUP_RULES = ['authorize', 'revoke'].flatMap((verb) =>
  ['ingress', 'egress'].map((way) => `ec2.${verb}-security-group-${way}`),
);

/** By `<cli service>.<cli operation>`, or `<cli service>.*` for every operation of the service. */
const BY_COMMAND: Readonly<Record<string, readonly CommandCustomization[]>> = {
  'ec2.run-instances': [runInstances],
  ...Object.fromEntries(SECURITY_GROUP_RULES.map((command) => [command, [securityGroupRule]])),
  'ec2.create-network-acl-entry': [protocolNumbers],
  'ec2.replace-network-acl-entry': [protocolNumbers],
  'ec2.get-password-data': [launchKey],
  'ec2.bundle-instance': [bundleInstance],
  'ec2.describe-snapshots': [describeWithPageSize],
  'ec2.describe-volumes': [describeWithPageSize],
  'cloudwatch.put-metric-data': [putMetricData],
  'ses.send-email': [sendEmail],
  'iam.*': [policyDocuments],
  'iam.create-virtual-mfa-device': [virtualMfaBootstrap],
  'iot.create-keys-and-certificate': [
    queryOutfiles([
      { name: 'certificate-pem-outfile', query: 'certificatePem' },
      { name: 'public-key-outfile', query: 'keyPair.PublicKey' },
      { name: 'private-key-outfile', query: 'keyPair.PrivateKey' },
    ]),
  ],
  'iot.create-certificate-from-csr': [queryOutfiles([{ name: 'certificate-pem-outfile', query: 'certificatePem' }])],
  'lambda.create-function': [hoistedZipFile('Code')],
  'lambda.publish-layer-version': [hoistedZipFile('Content')],
  'lambda.update-function-code': [zipFileArgument],
  ...BLOB_HOISTS,
  'cloudfront.create-invalidation': [invalidationPaths],
  'cloudfront.create-distribution': [createDistribution],
  'cloudfront.update-distribution': [updateDistribution],
  'rds.add-option-to-option-group': [optionGroupList('options-to-include', 'options-to-remove')],
  'rds.remove-option-from-option-group': [optionGroupList('options-to-remove', 'options-to-include')],
  'configservice.put-configuration-recorder': [recordingGroup],
  'cloudsearch.define-expression': [defineExpression],
  'cloudsearch.define-index-field': [defineIndexField],
  's3api.select-object-content': [selectOutfile],
  'kinesis.list-streams': [kinesisListStreams],
  'cloudsearchdomain.*': [endpointRequired],
  'deploy.create-deployment': [revisionLocation],
  'deploy.get-application-revision': [revisionLocation],
  'deploy.register-application-revision': [revisionLocation],
  'emr.list-clusters': [listClusterStates],
  'emr.add-tags': [addTagWords],
  'datapipeline.put-pipeline-definition': [putPipelineDefinition],
  'datapipeline.activate-pipeline': [activatePipeline],
  'datapipeline.get-pipeline-definition': [getPipelineDefinition],
  'ecs.create-express-gateway-service': [monitorResources('DEPLOYMENT')],
  'ecs.update-express-gateway-service': [monitorResources('DEPLOYMENT')],
  'ecs.delete-express-gateway-service': [monitorResources('RESOURCE')],
};

/** The customizations of `service operation` (CLI names): its own, then the service-wide ones. */
export function customizationsFor(cliService: string, cliOperation: string): readonly CommandCustomization[] {
  return [...(BY_COMMAND[`${cliService}.${cliOperation}`] ?? []), ...(BY_COMMAND[`${cliService}.*`] ?? [])];
}
