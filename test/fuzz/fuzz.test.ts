/**
 * The fuzz targets (targets.ts), each with a fixed seed and a budget that fits `npm test`; `npm run fuzz`
 * runs 100,000 cases of each (FUZZ_RUNS) from a seed of its own (FUZZ_SEED, printed for replaying) and
 * reports the counts, the time and the heap after each target.
 */
import { describe, expect, it } from 'vitest';
import { TARGETS } from './targets.js';

const runs = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : undefined;
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : runs ? Date.now() % 2 ** 31 : 20261205;

describe('fuzzing', () => {
  for (const target of TARGETS) {
    it(
      target.name,
      async () => {
        const numRuns = runs ?? target.suiteRuns;
        const started = performance.now();
        await target.run(numRuns, seed);
        const batch = target.batch?.(numRuns, seed);
        if (batch) expect(batch.wrong).toEqual([]);
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        const heap = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
        console.log(
          `fuzz ${target.name}: ${numRuns} cases${batch ? ` (+${batch.checked} against Python)` : ''}, seed ${seed}, ${seconds} s, heap ${heap} MiB`,
        );
      },
      runs ? 0 : 60_000,
    );
  }
});
