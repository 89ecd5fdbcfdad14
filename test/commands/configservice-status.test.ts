/**
 * `configservice get-status` against a recording stand-in: the two status calls, and the lines AWS CLI
 * v2 2.9.19 printed for the same answers (a failed recorder, one that is off, delivery statuses with an
 * empty one left out).
 */
import { expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const ANSWERS: Record<string, unknown> = {
  'StarlingDoveService.DescribeConfigurationRecorderStatus': {
    ConfigurationRecordersStatus: [
      {
        name: 'default',
        recording: true,
        lastStatus: 'FAILURE',
        lastErrorCode: 'AccessDenied',
        lastErrorMessage: 'no access',
      },
      { name: 'off', recording: false },
    ],
  },
  'StarlingDoveService.DescribeDeliveryChannelStatus': {
    DeliveryChannelsStatus: [
      {
        name: 'default',
        configStreamDeliveryInfo: { lastStatus: 'SUCCESS' },
        configHistoryDeliveryInfo: { lastStatus: 'FAILURE', lastErrorCode: 'E', lastErrorMessage: 'm' },
        configSnapshotDeliveryInfo: {},
      },
    ],
  },
};

it('prints every recorder and delivery channel as AWS CLI v2 prints them', async () => {
  const host = createMemoryHost(
    (req) => {
      const target = Object.entries(req.headers).find(([k]) => k.toLowerCase() === 'x-amz-target')![1];
      return reply(200, JSON.stringify(ANSWERS[target]), { 'content-type': 'application/x-amz-json-1.1' });
    },
    { env: { AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's' } },
  );
  expect(await runCli(['configservice', 'get-status'], host)).toBe(0);
  expect(host.out.join('')).toBe(
    [
      'Configuration Recorders:',
      '',
      'name: default',
      'recorder: ON',
      'last status: FAILURE',
      'error code: AccessDenied',
      'message: no access',
      '',
      'name: off',
      'recorder: OFF',
      '',
      'Delivery Channels:',
      '',
      'name: default',
      'last stream delivery status: SUCCESS',
      'last history delivery status: FAILURE',
      'error code: E',
      'message: m',
      '',
      '',
    ].join('\n'),
  );
  expect(host.requests).toHaveLength(2);
});
