import type { ServiceMetadata } from './types.js';

/**
 * A service's id in `AWS_ENDPOINT_URL_<ID>` and in `[services x]` sub-sections (seed 003): the model's
 * service id, spaces as underscores, in upper case. The index's `envId` (scripts/import-models.js) is the
 * same, for the CLI, which finds a command's service there before loading its model.
 */
export function envIdOf(metadata: ServiceMetadata): string {
  return (metadata.serviceId ?? metadata.serviceFullName ?? '').replace(/ /g, '_').toUpperCase();
}
