/**
 * The HBase backup commands of AMI-version clusters (the CLI's emr/hbase.py): each adds one step
 * running HBase's backup tool (`emr.hbase.backup.Main` in /home/hadoop/lib/hbase.jar) with the
 * arguments the options stand for. A cluster with a release label is refused, as in the CLI.
 */
import { flagOption, valueOption, type CommandModule } from '../../cli/command.js';
import { ArgumentError } from '../../cli/usage.js';
import { callAndShow, emrCommand, refuseReleaseCluster, type EmrOption } from './command.js';
import { buildStep } from './steps.js';

const CLUSTER_ID = valueOption('cluster-id', 'string', 'The cluster’s id (j-…).', { required: true });
const MAIN = 'emr.hbase.backup.Main';

/**
 * A command adding the backup tool's step: the cluster is looked at first (a release-label one is
 * refused before anything else is checked, as in the CLI), then `build` gives the step's arguments.
 */
function hbaseCommand(
  name: string,
  description: string,
  stepName: string,
  options: readonly EmrOption[],
  build: (values: Map<string, unknown>) => string[],
): CommandModule {
  return emrCommand(name, description, [CLUSTER_ID, ...options], async (env, values, client) => {
    const clusterId = values.get('cluster-id') as string;
    await refuseReleaseCluster(env, client, name, clusterId);
    const args = [MAIN, ...build(values)];
    const step = buildStep({
      jar: '/home/hadoop/lib/hbase.jar',
      name: stepName,
      actionOnFailure: 'CANCEL_AND_WAIT',
      args,
    });
    await callAndShow(env, client, 'AddJobFlowSteps', { JobFlowId: clusterId, Steps: [step] });
  });
}

export const restoreFromHBaseBackupCommand = hbaseCommand(
  'restore-from-hbase-backup',
  'Restores HBase from a backup in S3.',
  'Restore HBase',
  [
    valueOption('dir', 'string', 'The backup’s location in S3.', { required: true }),
    valueOption('backup-version', 'string', 'The backup to restore; the latest when not given.'),
  ],
  (values) => {
    const args = ['--restore', '--backup-dir', values.get('dir') as string];
    const version = values.get('backup-version') as string | undefined;
    return version === undefined ? args : [...args, '--backup-version', version];
  },
);

export const createHBaseBackupCommand = hbaseCommand(
  'create-hbase-backup',
  'Backs HBase up to S3.',
  'Backup HBase',
  [
    valueOption('dir', 'string', 'Where in S3 the backup goes.', { required: true }),
    flagOption('consistent', 'Pauses writes to HBase while it is backed up.'),
  ],
  (values) => [
    ...['--backup', '--backup-dir', values.get('dir') as string],
    ...(values.get('consistent') === true ? ['--consistent'] : []),
  ],
);

export const scheduleHBaseBackupCommand = hbaseCommand(
  'schedule-hbase-backup',
  'Schedules automated backups of HBase to S3.',
  'Modify Backup Schedule',
  [
    valueOption('type', 'string', "The kind of backup: 'full' or 'incremental'.", { required: true }),
    valueOption('dir', 'string', 'Where in S3 the backups go.', { required: true }),
    valueOption('interval', 'string', 'How many units of time between backups.', { required: true }),
    valueOption('unit', 'string', "The unit of the interval: 'minutes', 'hours' or 'days'.", { required: true }),
    valueOption('start-time', 'string', 'When the first backup is made (2014-04-21T05:26:10Z); now by default.'),
    flagOption('consistent', 'Pauses writes to HBase while it is backed up.'),
  ],
  (values) => {
    const type = (values.get('type') as string).toLowerCase();
    const unit = (values.get('unit') as string).toLowerCase();
    if (type !== 'full' && type !== 'incremental')
      throw new ArgumentError('aws: error: invalid type. type should be either full or incremental.');
    if (!['minutes', 'hours', 'days'].includes(unit))
      throw new ArgumentError(
        'aws: error: invalid unit. unit should be one of the following values: minutes, hours or days.',
      );
    const kind = type === 'full' ? 'full' : 'incremental';
    return [
      ...['--set-scheduled-backup', 'true', '--backup-dir', values.get('dir') as string],
      ...(values.get('consistent') === true ? ['--consistent'] : []),
      ...[`--${kind}-backup-time-interval`, values.get('interval') as string, `--${kind}-backup-time-unit`, unit],
      ...['--start-time', (values.get('start-time') as string | undefined) ?? 'now'],
    ];
  },
);

export const disableHBaseBackupsCommand = hbaseCommand(
  'disable-hbase-backups',
  'Stops automated backups of HBase.',
  'Modify Backup Schedule',
  [flagOption('full', 'Stops the full backups.'), flagOption('incremental', 'Stops the incremental backups.')],
  (values) => {
    const args = ['--set-scheduled-backup', 'false'];
    const full = values.get('full') === true;
    const incremental = values.get('incremental') === true;
    if (!full && !incremental) throw new ArgumentError('Should specify at least one of --full and --incremental.');
    if (full) args.push('--disable-full-backups');
    if (incremental) args.push('--disable-incremental-backups');
    return args;
  },
);
