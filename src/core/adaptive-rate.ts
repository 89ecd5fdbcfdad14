/**
 * The client-side rate limiter of `retry_mode = adaptive`: a token bucket whose fill rate follows CUBIC
 * congestion control — cut to 70 % of the measured send rate on a throttling error, then grown back along
 * the cubic curve. It stays disabled (no waiting at all) until the first throttling error, as in botocore.
 */

export interface AdaptiveRateLimiter {
  /** Takes one send token, sleeping until one is available when the limiter is enabled. */
  acquire(sleep: (ms: number) => Promise<void>): Promise<void>;
  /** Records a response; `throttled` lowers the rate, anything else lets it recover. */
  record(throttled: boolean): void;
}

const MIN_FILL_RATE = 0.5;
const SMOOTHING = 0.8;
const BUCKET_SCALE = 2; // measure in half-second buckets
const CUBIC_SCALE = 0.4;
const CUBIC_BETA = 0.7;
const MAX_RATE_ADJUST = 2;

export function createAdaptiveRateLimiter(clock: () => number): AdaptiveRateLimiter {
  let enabled = false;
  // token bucket
  let fillRate = MIN_FILL_RATE;
  let maxCapacity = 1;
  let capacity = 0;
  let lastRefill: number | undefined;
  // send-rate measurement
  let measuredRate = 0;
  let lastBucket = Math.floor(clock());
  let count = 0;
  // CUBIC state
  let wMax = 0;
  let k = 0;
  let lastFail = clock();

  const refill = () => {
    const t = clock();
    if (lastRefill !== undefined) capacity = Math.min(maxCapacity, capacity + (t - lastRefill) * fillRate);
    lastRefill = t;
  };
  const setMaxRate = (rate: number) => {
    refill();
    fillRate = Math.max(rate, MIN_FILL_RATE);
    maxCapacity = rate >= 1 ? rate : 1;
    capacity = Math.min(capacity, maxCapacity);
  };
  const measure = () => {
    const t = clock();
    const bucket = Math.floor(t * BUCKET_SCALE) / BUCKET_SCALE;
    count++;
    if (bucket > lastBucket) {
      measuredRate = (count / (bucket - lastBucket)) * SMOOTHING + measuredRate * (1 - SMOOTHING);
      count = 0;
      lastBucket = bucket;
    }
    return measuredRate;
  };

  return {
    async acquire(sleep) {
      if (!enabled) return;
      refill();
      while (capacity < 1) {
        await sleep(((1 - capacity) / fillRate) * 1000);
        refill();
      }
      capacity -= 1;
    },
    record(throttled) {
      const rate = measure();
      const now = clock();
      let next: number;
      if (throttled) {
        const current = enabled ? Math.min(rate, fillRate) : rate;
        wMax = current;
        k = Math.cbrt((wMax * (1 - CUBIC_BETA)) / CUBIC_SCALE);
        lastFail = now;
        next = current * CUBIC_BETA;
        enabled = true;
      } else {
        next = CUBIC_SCALE * (now - lastFail - k) ** 3 + wMax;
      }
      setMaxRate(Math.min(next, MAX_RATE_ADJUST * rate));
    },
  };
}
