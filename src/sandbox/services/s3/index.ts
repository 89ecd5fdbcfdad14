/**
 * The S3 simulation: buckets and their configurations, objects (versioned or not), listings,
 * multipart uploads and checksums, as handlers of the model's operations.
 */
import type { ServiceHandlers } from '../../service.js';
import { bucketHandlers } from './buckets.js';
import { listingHandlers } from './listing.js';
import { multipartHandlers } from './multipart.js';
import { objectHandlers } from './objects.js';

export const handlers: ServiceHandlers = {
  ...bucketHandlers,
  ...objectHandlers,
  ...listingHandlers,
  ...multipartHandlers,
};
