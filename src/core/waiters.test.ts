import { describe, expect, it } from 'vitest';
import { ServiceError, WaiterError } from './errors.js';
import type { WaiterConfig } from './model/types.js';
import { waitFor } from './waiters.js';

const notFound = new ServiceError({
  code: 'ResourceNotFoundException',
  message: 'no',
  statusCode: 400,
  service: 'dynamodb',
  operation: 'DescribeTable',
});

// dynamodb TableExists and ec2 InstanceRunning as botocore 1.43.11 ships them (trimmed to the acceptors used).
const tableExists: WaiterConfig = {
  operation: 'DescribeTable',
  delay: 20,
  maxAttempts: 25,
  acceptors: [
    { expected: 'ACTIVE', matcher: 'path', state: 'success', argument: 'Table.TableStatus' },
    { expected: 'ResourceNotFoundException', matcher: 'error', state: 'retry' },
  ],
};
const instanceRunning: WaiterConfig = {
  operation: 'DescribeInstances',
  delay: 15,
  maxAttempts: 40,
  acceptors: [
    { expected: 'running', matcher: 'pathAll', state: 'success', argument: 'Reservations[].Instances[].State.Name' },
    { expected: 'terminated', matcher: 'pathAny', state: 'failure', argument: 'Reservations[].Instances[].State.Name' },
  ],
};

function run(config: WaiterConfig, results: Array<Record<string, unknown> | Error>) {
  const sleeps: number[] = [];
  let i = 0;
  const call = async () => {
    const r = results[Math.min(i++, results.length - 1)]!;
    if (r instanceof Error) throw r;
    return r;
  };
  return {
    sleeps,
    promise: waitFor(
      call,
      'W',
      config,
      {},
      {
        sleep: async (ms) => {
          sleeps.push(ms);
        },
      },
    ),
  };
}

describe('waitFor', () => {
  it('retries on a matched error, then succeeds on a path match', async () => {
    const { sleeps, promise } = run(tableExists, [
      notFound,
      { Table: { TableStatus: 'CREATING' } },
      { Table: { TableStatus: 'ACTIVE' } },
    ]);
    expect(await promise).toEqual({ Table: { TableStatus: 'ACTIVE' } });
    expect(sleeps).toEqual([20_000, 20_000]);
  });

  it('needs every instance running for pathAll, and fails on pathAny terminated', async () => {
    const state = (...names: string[]) => ({
      Reservations: [{ Instances: names.map((Name) => ({ State: { Name } })) }],
    });
    expect(await run(instanceRunning, [state('pending', 'running'), state('running', 'running')]).promise).toEqual(
      state('running', 'running'),
    );
    const failed = await run(instanceRunning, [state('running', 'terminated')]).promise.catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(WaiterError);
    expect((failed as Error).message).toContain('terminal failure state');
  });

  it("stops after maxAttempts with botocore's reason", async () => {
    const err = await run({ ...tableExists, maxAttempts: 3 }, [{ Table: { TableStatus: 'CREATING' } }]).promise.catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toBe('Waiter W failed: Max attempts exceeded');
  });

  it('fails at once on an error no acceptor expects', async () => {
    const denied = new ServiceError({
      code: 'AccessDenied',
      message: 'nope',
      statusCode: 403,
      service: 's',
      operation: 'o',
    });
    const { sleeps, promise } = run(tableExists, [denied]);
    await expect(promise).rejects.toBeInstanceOf(WaiterError);
    expect(sleeps).toEqual([]);
  });
});
