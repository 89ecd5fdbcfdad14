/**
 * The sandbox's Amazon S3 Glacier: vaults and their settings, archives uploaded whole or in parts (each
 * checked against its SHA-256 tree hash), retrieval jobs that complete after `settings.glacierJobSeconds`,
 * and the account's data retrieval policy and provisioned capacity. Vault locks and Glacier Select are
 * not simulated (they answer 501 / InvalidParameterValueException).
 */
import type { ServiceHandlers } from '../service.js';
import { archiveHandlers } from './glacier/archives.js';
import { jobHandlers } from './glacier/jobs.js';
import { vaultHandlers } from './glacier/vaults.js';

export const handlers: ServiceHandlers = { ...vaultHandlers, ...archiveHandlers, ...jobHandlers };
