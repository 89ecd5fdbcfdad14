import { describe, expect, it } from 'vitest';
import { createRetryStrategy, type AttemptOutcome } from './retry.js';

const base = { service: 's3', random: () => 0.5, clock: () => 1000 };
const out = (o: Partial<AttemptOutcome>): AttemptOutcome => ({ attempt: 1, replayable: true, ...o });

describe('standard mode', () => {
  const cases: Array<[string, Partial<AttemptOutcome>, boolean]> = [
    ['500', { statusCode: 500 }, true],
    ['503', { statusCode: 503 }, true],
    ['throttling code', { statusCode: 400, errorCode: 'ThrottlingException' }, true],
    ['SlowDown', { statusCode: 503, errorCode: 'SlowDown' }, true],
    ['modeled retryable', { statusCode: 400, errorCode: 'X', modeledRetryable: { throttling: false } }, true],
    ['network error', { networkError: { timeout: false } }, true],
    ['RequestTimeout', { statusCode: 400, errorCode: 'RequestTimeout' }, true],
    ['400 validation', { statusCode: 400, errorCode: 'ValidationException' }, false],
    ['404', { statusCode: 404, errorCode: 'NoSuchKey' }, false],
    ['one-shot stream', { statusCode: 500, replayable: false }, false],
  ];
  it.each(cases)('%s → retry %s', (_n, o, expected) => {
    expect(createRetryStrategy(base).decide(out(o)).retry).toBe(expected);
  });

  it('stops at 3 attempts, 4 for DynamoDB, or max_attempts', () => {
    expect(createRetryStrategy(base).decide(out({ attempt: 3, statusCode: 500 })).retry).toBe(false);
    expect(createRetryStrategy(base).decide(out({ attempt: 2, statusCode: 500 })).retry).toBe(true);
    expect(
      createRetryStrategy({ ...base, service: 'dynamodb' }).decide(out({ attempt: 3, statusCode: 500 })).retry,
    ).toBe(true);
    expect(createRetryStrategy({ ...base, maxAttempts: 1 }).decide(out({ statusCode: 500 })).retry).toBe(false);
  });

  it('backs off rand · 2^(n-1) seconds, capped at 20 s', () => {
    const s = createRetryStrategy({ ...base, maxAttempts: 10 });
    expect(s.decide(out({ attempt: 1, statusCode: 500 })).delayMs).toBe(500);
    expect(s.decide(out({ attempt: 3, statusCode: 500 })).delayMs).toBe(2000);
    expect(s.decide(out({ attempt: 7, statusCode: 500 })).delayMs).toBe(10_000);
  });

  it('exhausts the retry quota (500 tokens, 5 per retry) and refunds on success', () => {
    const s = createRetryStrategy(base);
    let granted = 0;
    for (let i = 0; i < 200; i++) if (s.decide(out({ statusCode: 500 })).retry) granted++;
    expect(granted).toBe(100);
    expect(s.decide(out({ statusCode: 500 })).reason).toBe('retry quota exhausted');
    s.succeeded(true);
    expect(s.decide(out({ statusCode: 500 })).retry).toBe(true);
  });

  it('charges 10 tokens after a timeout', () => {
    const s = createRetryStrategy(base);
    let granted = 0;
    for (let i = 0; i < 100; i++) if (s.decide(out({ networkError: { timeout: true } })).retry) granted++;
    expect(granted).toBe(50);
  });
});

describe('the last attempt (botocore marks MaxAttemptsReached, the error says so)', () => {
  it('standard and adaptive: counted before anything else, so any error of the last attempt', () => {
    for (const mode of ['standard', 'adaptive'] as const) {
      const s = createRetryStrategy({ ...base, mode, maxAttempts: 2 });
      expect(s.decide(out({ attempt: 2, statusCode: 403, errorCode: 'AccessDenied' })).maxAttemptsReached).toBe(true);
      expect(s.decide(out({ attempt: 2, statusCode: 500 })).maxAttemptsReached).toBe(true);
      expect(s.decide(out({ attempt: 1, statusCode: 403, errorCode: 'AccessDenied' })).maxAttemptsReached).toBeFalsy();
    }
  });

  it('legacy: only an error it would have retried', () => {
    const s = createRetryStrategy({ ...base, mode: 'legacy', maxAttempts: 1 });
    expect(s.decide(out({ statusCode: 503 })).maxAttemptsReached).toBe(true);
    expect(s.decide(out({ statusCode: 403, errorCode: 'AccessDenied' })).maxAttemptsReached).toBeFalsy();
  });
});

describe('legacy mode', () => {
  it('uses 5 attempts and the _retry.json policies', () => {
    const s = createRetryStrategy({ ...base, mode: 'legacy' });
    expect(s.maxAttempts).toBe(5);
    expect(s.decide(out({ attempt: 4, statusCode: 503 })).retry).toBe(true);
    expect(s.decide(out({ attempt: 5, statusCode: 503 })).retry).toBe(false);
    expect(s.decide(out({ statusCode: 400, errorCode: 'BadDigest' })).retry).toBe(true);
    expect(s.decide(out({ statusCode: 400, errorCode: 'SlowDown' })).retry).toBe(false);
    expect(s.decide(out({ statusCode: 429 })).retry).toBe(true);
  });

  it('gives DynamoDB 10 attempts with a 50 ms base', () => {
    const s = createRetryStrategy({ ...base, service: 'dynamodb', mode: 'legacy' });
    expect(s.maxAttempts).toBe(10);
    expect(
      s.decide(out({ attempt: 3, statusCode: 400, errorCode: 'ProvisionedThroughputExceededException' })).delayMs,
    ).toBeCloseTo(200);
    expect(s.decide(out({ crc32Mismatch: true, statusCode: 200 })).retry).toBe(true);
  });
});

describe('adaptive mode', () => {
  it('sends freely until throttled, then waits for tokens', async () => {
    let now = 1000;
    const slept: number[] = [];
    const sleep = async (ms: number) => {
      slept.push(ms);
      now += ms / 1000;
    };
    const s = createRetryStrategy({ ...base, mode: 'adaptive', clock: () => now });
    for (let i = 0; i < 5; i++) await s.beforeAttempt(sleep);
    expect(slept).toEqual([]);
    s.decide(out({ statusCode: 400, errorCode: 'Throttling' }));
    for (let i = 0; i < 3; i++) await s.beforeAttempt(sleep);
    expect(slept.length).toBeGreaterThan(0);
    expect(slept.every((ms) => ms > 0)).toBe(true);
  });
});
