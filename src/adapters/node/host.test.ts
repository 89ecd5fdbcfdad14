import { describe, expect, it } from 'vitest';
import { createNodeHost } from './host.js';

describe('node host', () => {
  it('guards stdout and stderr once however many hosts a process makes (no listener piles up)', () => {
    createNodeHost();
    const before = [process.stdout.listenerCount('error'), process.stderr.listenerCount('error')];
    for (let i = 0; i < 12; i++) createNodeHost();
    expect([process.stdout.listenerCount('error'), process.stderr.listenerCount('error')]).toEqual(before);
  });
});
