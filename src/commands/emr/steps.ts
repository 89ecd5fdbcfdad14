/**
 * Steps, bootstrap actions and the AMI-era application installs as RunJobFlow and AddJobFlowSteps take
 * them, built from the commands' shorthand as the CLI's steputils.py, applicationutils.py and
 * emrutils.py build them. A cluster with a release label runs a step's program through
 * command-runner.jar; an AMI-version cluster through the region's script-runner.jar in S3.
 */
import { ArgumentError } from '../../cli/usage.js';
import { emptyList, missingParameters, unknownStepType } from './errors.js';

export type Step = Record<string, unknown>;
export type BootstrapAction = Record<string, unknown>;

/** What `--steps` gives for one step (the STEPS schema). */
export interface StepArgs {
  Type?: string;
  Name?: string;
  ActionOnFailure?: string;
  Jar?: string;
  Args?: string[];
  MainClass?: string;
  Properties?: string;
}

/** What `--applications` gives for one application. */
export interface ApplicationArgs {
  Name: string;
  Args?: string[];
}

const COMMAND_RUNNER = 'command-runner.jar';
const DEFAULT_FAILURE_ACTION = 'CONTINUE';

/** `s3://<region>.elasticmapreduce<path>`, the region's EMR scripts (us-east-1 when none is known). */
export function s3Link(path: string, region: string | undefined): string {
  return `s3://${region ?? 'us-east-1'}.elasticmapreduce${path}`;
}

export const scriptRunner = (region: string | undefined) => s3Link('/libs/script-runner/script-runner.jar', region);

/** Python's truth for the optional members a step is given only when set. */
const given = (value: unknown) => (Array.isArray(value) ? value.length > 0 : Boolean(value));

/** A step: its name, what to do on failure, and the JAR with its arguments (the CLI's emrutils.build_step). */
export function buildStep(step: {
  jar: string | undefined;
  name?: string;
  actionOnFailure?: string;
  args?: string[];
  mainClass?: string;
  properties?: Array<{ Key: string; Value: string }>;
}): Step {
  if (!step.jar) throw missingParameters('HadoopJarStep', 'Jar');
  const name = step.name ?? 'Step';
  const action = step.actionOnFailure ?? DEFAULT_FAILURE_ACTION;
  const jarConfig: Record<string, unknown> = { Jar: step.jar };
  if (given(step.args)) jarConfig.Args = step.args;
  if (given(step.mainClass)) jarConfig.MainClass = step.mainClass;
  if (given(step.properties)) jarConfig.Properties = step.properties;
  return { ...(name ? { Name: name } : {}), ...(action ? { ActionOnFailure: action } : {}), HadoopJarStep: jarConfig };
}

/** A bootstrap action running the script at `path` (the CLI's emrutils.build_bootstrap_action). */
export function buildBootstrapAction(path: string, name: string, args?: string[]): BootstrapAction {
  return { Name: name, ScriptBootstrapAction: { ...(given(args) ? { Args: args } : {}), Path: path } };
}

/** `k1=v1,k2,k3=v3` as a list of Key/Value pairs, a key without `=` having an empty value. */
export function keyValueList(text: string): Array<{ Key: string; Value: string }> {
  return text.split(',').map(keyValue);
}

/** `key=value` split at its first `=`; `key` alone has an empty value. */
export function keyValue(text: string): { Key: string; Value: string } {
  const at = text.indexOf('=');
  return at === -1 ? { Key: text, Value: '' } : { Key: text.slice(0, at), Value: text.slice(at + 1) };
}

/** The steps `--steps` describes, for a cluster of `releaseLabel` (none: an AMI-version cluster). */
export function buildSteps(steps: readonly StepArgs[], region: string | undefined, releaseLabel?: string): Step[] {
  return steps.map((step) => {
    const type = (step.Type ?? 'custom_jar').toLowerCase();
    const builder = STEP_BUILDERS[type];
    if (!builder) throw unknownStepType(type);
    return builder(step, region, releaseLabel);
  });
}

type StepBuilder = (step: StepArgs, region: string | undefined, releaseLabel: string | undefined) => Step;

/** The step's Args, required and not one blank word, as the CLI checks them for the script step types. */
function requiredArgs(step: StepArgs, structure: string, nonEmpty = true): string[] {
  const args = step.Args;
  if (!given(args)) throw missingParameters(structure, 'Args');
  if (nonEmpty && args!.length === 1 && args![0]!.trim() === '') throw emptyList('Args');
  return args!;
}

/** The runner of a script step: command-runner.jar, or the region's script-runner.jar for an AMI cluster. */
const runnerJar = (region: string | undefined, releaseLabel: string | undefined) =>
  releaseLabel ? COMMAND_RUNNER : scriptRunner(region);

/** Hive and Pig steps: the script command, then `--args` and the step's own arguments. */
function scriptStep(kind: 'hive' | 'pig', defaultName: string, structure: string): StepBuilder {
  return (step, region, releaseLabel) => {
    const args = requiredArgs(step, structure);
    const runArgs = releaseLabel
      ? [`${kind}-script`, `--run-${kind}-script`]
      : [s3Link(`/libs/${kind}/${kind}-script`, region), `--run-${kind}-script`, `--${kind}-versions`, 'latest'];
    return buildStep({
      jar: runnerJar(region, releaseLabel),
      args: [...runArgs, '--args', ...args],
      name: step.Name ?? defaultName,
      actionOnFailure: step.ActionOnFailure ?? DEFAULT_FAILURE_ACTION,
    });
  };
}

const STEP_BUILDERS: Record<string, StepBuilder> = {
  custom_jar: (step) => {
    if (!step.Jar) throw missingParameters('CustomJARStepConfig', 'Jar');
    return buildStep({
      jar: step.Jar,
      args: step.Args,
      name: step.Name ?? 'Custom JAR',
      actionOnFailure: step.ActionOnFailure ?? DEFAULT_FAILURE_ACTION,
      mainClass: step.MainClass,
      properties: step.Properties === undefined ? undefined : keyValueList(step.Properties),
    });
  },
  streaming: (step, _region, releaseLabel) => {
    const args = requiredArgs(step, 'StreamingStepConfig');
    return buildStep({
      jar: releaseLabel ? COMMAND_RUNNER : '/home/hadoop/contrib/streaming/hadoop-streaming.jar',
      args: releaseLabel ? ['hadoop-streaming', ...args] : [...args],
      name: step.Name ?? 'Streaming program',
      actionOnFailure: step.ActionOnFailure ?? DEFAULT_FAILURE_ACTION,
    });
  },
  hive: scriptStep('hive', 'Hive program', 'HiveStepConfig'),
  pig: scriptStep('pig', 'Pig program', 'PigStepConfig'),
  impala: (step, region, releaseLabel) => {
    // Impala steps exist only for AMI-version clusters.
    if (releaseLabel) throw unknownStepType('impala');
    const args = requiredArgs(step, 'ImpalaStepConfig', false);
    return buildStep({
      jar: scriptRunner(region),
      args: [s3Link('/libs/impala/setup-impala', region), '--run-impala-script', ...args],
      name: step.Name ?? 'Impala program',
      actionOnFailure: step.ActionOnFailure ?? DEFAULT_FAILURE_ACTION,
    });
  },
  spark: (step, region, releaseLabel) => {
    const args = requiredArgs(step, 'SparkStepConfig', false);
    return buildStep({
      jar: runnerJar(region, releaseLabel),
      args: [releaseLabel ? 'spark-submit' : '/home/hadoop/spark/bin/spark-submit', ...args],
      name: step.Name ?? 'Spark application',
      actionOnFailure: step.ActionOnFailure ?? DEFAULT_FAILURE_ACTION,
    });
  },
};

/**
 * What installs `--applications` on an AMI-version cluster (the CLI's applicationutils.build_applications):
 * Hive and Pig as install steps, Ganglia, HBase and Impala as bootstrap actions, anything else as a
 * supported product. `amiVersion` matters for HBase only (compared as text, as the CLI compares it).
 */
export function buildAmiApplications(
  applications: readonly ApplicationArgs[],
  region: string | undefined,
  amiVersion?: string,
): { products: Array<{ Name: string; Args: string[] }>; bootstrapActions: BootstrapAction[]; steps: Step[] } {
  const products: Array<{ Name: string; Args: string[] }> = [];
  const bootstrapActions: BootstrapAction[] = [];
  const steps: Step[] = [];
  const installStep = (name: string, args: string[], action = 'TERMINATE_CLUSTER') =>
    buildStep({ jar: scriptRunner(region), name, actionOnFailure: action, args });
  for (const app of applications) {
    switch (app.Name.toLowerCase()) {
      case 'hive': {
        steps.push(
          installStep('Install Hive', [
            ...[s3Link('/libs/hive/hive-script', region), '--install-hive', '--base-path'],
            ...[s3Link('/libs/hive', region), '--hive-versions', 'latest'],
          ]),
        );
        const hiveSite = app.Args?.find((arg) => arg.includes('--hive-site'));
        if (hiveSite !== undefined) {
          // The base path of the hive-site step is always us-east-1's: the CLI passes no region there.
          steps.push(
            installStep(
              'Install Hive Site Configuration',
              [
                ...[s3Link('/libs/hive/hive-script', region), '--base-path', s3Link('/libs/hive', undefined)],
                ...['--install-hive-site', hiveSite, '--hive-versions', 'latest'],
              ],
              'CANCEL_AND_WAIT',
            ),
          );
        }
        break;
      }
      case 'pig':
        steps.push(
          installStep('Install Pig', [
            ...[s3Link('/libs/pig/pig-script', region), '--install-pig', '--base-path'],
            ...[s3Link('/libs/pig', region), '--pig-versions', 'latest'],
          ]),
        );
        break;
      case 'ganglia':
        bootstrapActions.push(
          buildBootstrapAction(s3Link('/bootstrap-actions/install-ganglia', region), 'Install Ganglia'),
        );
        break;
      case 'hbase': {
        bootstrapActions.push(buildBootstrapAction(s3Link('/bootstrap-actions/setup-hbase', region), 'Install HBase'));
        const version = amiVersion ?? '';
        let jar: string;
        if (version >= '3.0') jar = '/home/hadoop/lib/hbase.jar';
        else if (version >= '2.1') jar = '/home/hadoop/lib/hbase-0.92.0.jar';
        else throw new ArgumentError(`aws: error: AMI version ${amiVersion} is not compatible with HBase.`);
        steps.push(
          buildStep({
            jar,
            name: 'Start HBase',
            actionOnFailure: 'TERMINATE_CLUSTER',
            args: ['emr.hbase.backup.Main', '--start-master'],
          }),
        );
        break;
      }
      case 'impala': {
        const args = ['--base-path', s3Link('', region), '--impala-version', 'latest'];
        if (app.Args !== undefined) args.push('--impala-conf', app.Args.join(','));
        bootstrapActions.push(
          buildBootstrapAction(s3Link('/libs/impala/setup-impala', region), 'Install Impala', args),
        );
        break;
      }
      default:
        products.push({ Name: app.Name.toLowerCase(), Args: app.Args ?? [] });
    }
  }
  return { products, bootstrapActions, steps };
}
