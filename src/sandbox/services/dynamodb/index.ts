/**
 * The sandbox's Amazon DynamoDB: tables with their secondary indexes, tags and time-to-live settings;
 * items written, read, updated and deleted under condition, update and projection expressions; Query and
 * Scan; batches and transactions. Backups, global tables, streams' records, PartiQL, imports and exports
 * are not simulated (they answer 501). TTL is stored but never expires items.
 */
import type { ServiceHandlers } from '../../service.js';
import { batchHandlers } from './batches.js';
import { itemHandlers } from './items.js';
import { queryHandlers } from './query.js';
import { tableHandlers } from './tables.js';

export const handlers: ServiceHandlers = { ...tableHandlers, ...itemHandlers, ...queryHandlers, ...batchHandlers };
