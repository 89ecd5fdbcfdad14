/**
 * The shell's credential cache: a chain resolves once per key, temporary credentials are fetched again
 * in the background before the engine would call them stale (so a command never waits for it), a
 * failed refresh leaves the next command to resolve them, and clear() (a profile switch) forgets all.
 */
import { describe, expect, it } from 'vitest';
import { createCredentialCache, type Schedule } from './kept.js';
import type { Credentials } from './types.js';

function fixture() {
  let now = Date.parse('2024-05-01T12:00:00Z');
  const timers: Array<{ fn: () => void; at: number; cancelled: boolean }> = [];
  const schedule: Schedule = (fn, ms) => {
    const timer = { fn, at: now + ms, cancelled: false };
    timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  };
  let calls = 0;
  let fail = false;
  const source = async (): Promise<Credentials> => {
    calls++;
    if (fail) throw new Error('the role cannot be assumed');
    return { accessKeyId: `ASIA${calls}`, secretAccessKey: 's', expiration: new Date(now + 60 * 60_000) };
  };
  return {
    cache: createCredentialCache(() => new Date(now), schedule),
    source,
    timers,
    calls: () => calls,
    failNext: (v: boolean) => {
      fail = v;
    },
    advance: (ms: number) => {
      now += ms;
    },
    /** Runs the timers due by now. */
    fire: async () => {
      for (const t of timers.filter((x) => !x.cancelled && x.at <= now)) {
        t.cancelled = true;
        t.fn();
      }
      await new Promise((r) => setImmediate(r));
    },
  };
}

describe('the session credential cache', () => {
  it('resolves a chain once per key and refreshes temporary credentials before they go stale', async () => {
    const f = fixture();
    const provider = f.cache.credentials('dev', () => f.source);
    expect((await provider())!.accessKeyId).toBe('ASIA1');
    expect(
      f.cache.credentials('dev', () => {
        throw new Error('not made again');
      }),
    ).toBe(provider);
    expect((await provider())!.accessKeyId).toBe('ASIA1');
    expect(f.calls()).toBe(1);
    // Due 16 minutes before expiry: one minute before the engine's 15-minute refresh point.
    expect(f.timers.map((t) => t.at - Date.parse('2024-05-01T12:00:00Z'))).toEqual([44 * 60_000]);
    f.advance(44 * 60_000);
    await f.fire();
    expect(f.calls()).toBe(2);
    f.advance(2 * 60_000);
    // Past the engine's refresh point, the command finds fresh credentials without waiting for a fetch.
    expect((await provider())!.accessKeyId).toBe('ASIA2');
    expect(f.calls()).toBe(2);
  });

  it('leaves a failed background refresh to the next command, which reports it', async () => {
    const f = fixture();
    const provider = f.cache.credentials('dev', () => f.source);
    await provider();
    f.failNext(true);
    f.advance(44 * 60_000);
    await f.fire();
    f.advance(2 * 60_000);
    await expect(provider()).rejects.toThrow('the role cannot be assumed');
    f.failNext(false);
    expect((await provider())!.accessKeyId).toBe('ASIA4');
  });

  it('forgets every chain and cancels its refresh on clear()', async () => {
    const f = fixture();
    await f.cache.credentials('dev', () => f.source)();
    f.cache.clear();
    expect(f.timers.every((t) => t.cancelled)).toBe(true);
    await f.cache.credentials('dev', () => f.source)();
    expect(f.calls()).toBe(2);
  });
});
