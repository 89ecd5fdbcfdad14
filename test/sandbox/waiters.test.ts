/**
 * The CLI's waiters against the sandbox, which moves resources between states by its clock: each wait
 * starts while the resource is still changing, polls, waits its delay (the test host's sleep moves the
 * clock) and returns once the state is reached.
 */
import { describe, expect, it } from 'vitest';
import { sandboxCli } from './cli-support.js';

describe('waiters on the sandbox', () => {
  const cli = sandboxCli();

  it('dynamodb wait table-exists sees CREATING become ACTIVE', async () => {
    await cli.json([
      'dynamodb',
      'create-table',
      '--table-name',
      'Waited',
      '--attribute-definitions',
      'AttributeName=id,AttributeType=S',
      '--key-schema',
      'AttributeName=id,KeyType=HASH',
      '--billing-mode',
      'PAY_PER_REQUEST',
    ]);
    const status = [
      'dynamodb',
      'describe-table',
      '--table-name',
      'Waited',
      '--query',
      'Table.TableStatus',
      '--output',
      'text',
    ];
    expect((await cli.run(status)).out).toBe('CREATING\n');
    expect((await cli.run(['dynamodb', 'wait', 'table-exists', '--table-name', 'Waited'])).code).toBe(0);
    expect((await cli.run(status)).out).toBe('ACTIVE\n');
  });

  it('ec2 wait instance-running and instance-terminated follow an instance through its states', async () => {
    const run = await cli.json([
      'ec2',
      'run-instances',
      '--image-id',
      'ami-12c6146b',
      '--count',
      '1',
      '--instance-type',
      't2.micro',
    ]);
    const id = run.Instances[0].InstanceId as string;
    expect(run.Instances[0].State.Name).toBe('pending');
    expect((await cli.run(['ec2', 'wait', 'instance-running', '--instance-ids', id])).code).toBe(0);
    const state = [
      'ec2',
      'describe-instances',
      '--instance-ids',
      id,
      '--query',
      'Reservations[0].Instances[0].State.Name',
      '--output',
      'text',
    ];
    expect((await cli.run(state)).out).toBe('running\n');
    expect(
      (await cli.json(['ec2', 'terminate-instances', '--instance-ids', id])).TerminatingInstances[0].CurrentState.Name,
    ).toBe('shutting-down');
    expect((await cli.run(['ec2', 'wait', 'instance-terminated', '--instance-ids', id])).code).toBe(0);
    expect((await cli.run(state)).out).toBe('terminated\n');
  });
});
