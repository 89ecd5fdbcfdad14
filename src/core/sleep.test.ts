import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { AbortedError } from './errors.js';
import { sleep } from './sleep.js';

describe('sleep', () => {
  it('leaves no listener on the signal once it has waited, however often it waits on it', async () => {
    const signal = new AbortController().signal;
    for (let i = 0; i < 20; i++) await sleep(0, signal);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('fails with AbortedError when the signal fires while waiting, or has fired before', async () => {
    const controller = new AbortController();
    const waiting = sleep(60_000, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
    await expect(sleep(0, controller.signal)).rejects.toBeInstanceOf(AbortedError);
  });
});
