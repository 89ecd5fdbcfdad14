/**
 * `configservice get-status` (the AWS CLI's configservice/getstatus.py): the state of every AWS Config
 * recorder and delivery channel, as plain lines — whether each recorder records, and each one's last
 * status with the error when it failed — from the two status calls, in the CLI's wording.
 */
import { commandPage, readCommandOptions, type CommandModule } from '../cli/command.js';

interface LastStatus {
  lastStatus?: string;
  lastErrorCode?: string;
  lastErrorMessage?: string;
}

const PAGE = commandPage(
  {
    name: 'get-status',
    description: 'Reports the status of every configuration recorder and delivery channel of AWS Config.',
    examples: ['isoaws configservice get-status'],
  },
  [],
);

export const getStatusCommand: CommandModule = {
  async run(env, args) {
    readCommandOptions([], args);
    const client = await env.client();
    const signal = env.ctx.signal;
    const lines: string[] = [];
    const recorders = await client.send('config', 'DescribeConfigurationRecorderStatus', {}, { signal });
    lines.push('Configuration Recorders:', '');
    for (const recorder of (recorders.ConfigurationRecordersStatus ?? []) as Array<
      LastStatus & Record<string, unknown>
    >) {
      lines.push(`name: ${String(recorder.name)}`, `recorder: ${recorder.recording ? 'ON' : 'OFF'}`);
      if (recorder.recording) lines.push(...lastStatus(recorder, ''));
      lines.push('');
    }
    const channels = await client.send('config', 'DescribeDeliveryChannelStatus', {}, { signal });
    lines.push('Delivery Channels:', '');
    for (const channel of (channels.DeliveryChannelsStatus ?? []) as Array<Record<string, unknown>>) {
      lines.push(`name: ${String(channel.name)}`);
      for (const [member, label] of [
        ['configStreamDeliveryInfo', 'stream delivery '],
        ['configHistoryDeliveryInfo', 'history delivery '],
        ['configSnapshotDeliveryInfo', 'snapshot delivery '],
      ] as const) {
        // Python's truth: an empty delivery info is left out.
        const info = channel[member] as LastStatus | undefined;
        if (info && Object.keys(info).length) lines.push(...lastStatus(info, label));
      }
      lines.push('');
    }
    env.ctx.host.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/** A last status, and on failure its error code and message. */
function lastStatus(status: LastStatus, label: string): string[] {
  const lines = [`last ${label}status: ${String(status.lastStatus)}`];
  if (status.lastStatus === 'FAILURE')
    lines.push(`error code: ${String(status.lastErrorCode)}`, `message: ${String(status.lastErrorMessage)}`);
  return lines;
}
