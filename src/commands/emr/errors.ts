/**
 * The EMR commands' own refusals, worded as the CLI's emr/exceptions.py words them. Those the CLI
 * raises as parameter validation errors are ArgumentErrors (exit 252, the message alone); the others
 * (no master DNS yet, no ssh program) are plain errors (exit 255).
 */
import { ArgumentError } from '../../cli/usage.js';

/** `a`, `a and b`, `a, b and c`: the CLI's emrutils.join. */
export function joinNames(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} and ${values.at(-1)}`;
}

export const missingParameters = (objectName: string, missing: string) =>
  new ArgumentError(`aws: error: The following required parameters are missing for ${objectName}: ${missing}.`);

// "prameter" is the CLI's own spelling, kept for scripts that match the message.
export const emptyList = (param: string) =>
  new ArgumentError(`aws: error: The prameter ${param} cannot be an empty list.`);

export const mutuallyExclusive = (option1: string, option2: string, message = '') =>
  new ArgumentError(`aws: error: You cannot specify both ${option1} and ${option2} options together.${message}`);

export const requiredOptions = (option1: string, option2: string) =>
  new ArgumentError(`aws: error: Either ${option1} or ${option2} is required.`);

export const bothBooleans = (trueOption: string, falseOption: string) =>
  new ArgumentError(`aws: error: cannot use both ${trueOption} and ${falseOption} options together.`);

export const unknownStepType = (stepType: string) =>
  new ArgumentError(`aws: error: The step type ${stepType} is not supported.`);

export const missingApplications = (applications: readonly string[]) =>
  new ArgumentError(
    `aws: error: Some of the steps require the following applications to be installed: ${applications.join(', ')}. Please install the applications using --applications.`,
  );

export const invalidEmrFsArguments = (parent: string, invalid: string) =>
  new ArgumentError(`aws: error: ${parent} is not specified. Thus,  following parameters are invalid: ${invalid}`);

export const MESSAGES = {
  missingInstanceGroups:
    'aws: error: Must specify either --instance-groups or --instance-type with --instance-count(optional) to configure instance groups.',
  instanceGroupsShortcut:
    'aws: error: You may not specify --instance-type or --instance-count with --instance-groups, because --instance-type and --instance-count are shortcut options for --instance-groups.',
  subnetAndAz:
    'aws: error: You may not specify both a SubnetId and an AvailabilityZone (placement) because ec2SubnetId implies a placement.',
  logUri:
    'aws: error: LogUri not specified. You must specify a logUri if you enable debugging when creating a cluster.',
  missingAutoScalingRole:
    'aws: error: Must specify --auto-scaling-role when configuring an AutoScaling policy for an instance group.',
  duplicateEmrFs: 'aws: error: EMRFS should be configured either using --configuration or --emrfs but not both',
  tooManyBootstrapActions: 'aws: error: maximum number of bootstrap actions for a cluster exceeded.',
  invalidConfigurations: 'aws: error: invalid json argument for option --configurations',
  clusterStatesFilter:
    'aws: error: You can specify only one of the cluster state filters: --cluster-states, --active, --terminated, --failed.',
  missingClusterAttributes:
    'aws: error: Must specify one of the following boolean options: --visible-to-all-users|--no-visible-to-all-users, --termination-protected|--no-termination-protected.',
} as const;

export const fail = (message: string) => new ArgumentError(message);
