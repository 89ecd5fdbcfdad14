/**
 * What cp, mv and sync run with: the parsed options (parse.ts) with what running them needs (clients,
 * keys read, the profile's settings), and the objects they list. Its own module so that the parts of a
 * transfer (transfers.ts, sync.ts, copy-props.ts, case-conflict.ts) and the parser share it without
 * importing one another.
 */
import type { Client } from '../../core/client.js';
import { IsoawsError } from '../../core/errors.js';
import type { TransferOptions as ObjectTransferOptions } from '../../core/transfer/objects.js';
import type { Filter } from './filters.js';

/** How a transfer reads, writes and reports beyond the objects' own settings, as the options ask. */
export interface TransferBehaviour {
  /** Keys asked for in each listing request (ListObjectsV2's MaxKeys). */
  pageSize?: number;
  /** Unrestored GLACIER and DEEP_ARCHIVE objects: skipped with a warning, skipped silently, or asked for. */
  glacier: 'warn' | 'ignore' | 'force';
  /** Left out when --metadata-directive is given: that directive alone decides what a copy keeps. */
  copyProps?: 'none' | 'metadata-directive' | 'default';
  /** `--checksum-mode ENABLED`: the objects read are asked for with their checksum, which is checked. */
  checksumMode?: string;
  caseConflict: 'ignore' | 'skip' | 'warn' | 'error';
  /** Seconds between progress updates (0: as the transfer goes), and whether each goes on a line of its own. */
  progressFrequency: number;
  progressMultiline: boolean;
  /** Leave what the destination has: a conditional write (IfNoneMatch) or a download skipped. */
  noOverwrite: boolean;
}

export interface TransferOptions extends ObjectTransferOptions, TransferBehaviour {
  /** Reads the source of a copy inside S3 (its listing, HeadObject, tags): in another region with --source-region. */
  sourceClient: Client;
  recursive: boolean;
  dryrun: boolean;
  quiet: boolean;
  onlyShowErrors: boolean;
  filters: Filter[];
  /** PutObject / CopyObject parameters from the options (ContentType, StorageClass, ACL, Metadata, …). */
  extra: Record<string, unknown>;
  guessMimeType: boolean;
  expectedSize?: number;
  /** Whether files reached through symbolic links are uploaded (`--no-follow-symlinks` skips them). */
  followSymlinks: boolean;
  /** The progress line: stdout a terminal, no --quiet, --only-show-errors or --no-progress, no `-` path. */
  showProgress: boolean;
  /** The content type of a file name (`mime`), when guessing is on. */
  mimeType(name: string): string | undefined;
  /**
   * The SSE-C key of the objects read (SSECustomerAlgorithm, SSECustomerKey for HeadObject and
   * GetObject): `--sse-c` for a download, `--sse-c-copy-source` for a copy.
   */
  sourceSse?: Record<string, unknown>;
}

/** `--request-payer` as every request of a transfer takes it (listings, reads, tags), not only the writes. */
export function payerParams(o: Pick<TransferOptions, 'extra'>): Record<string, unknown> {
  return o.extra.RequestPayer === undefined ? {} : { RequestPayer: o.extra.RequestPayer };
}

/** What HeadObject and GetObject of the objects read take: their SSE-C key, the request payer, the checksum mode. */
export function readParams(o: TransferOptions): Record<string, unknown> {
  return {
    ...o.sourceSse,
    ...payerParams(o),
    ...(o.checksumMode !== undefined ? { ChecksumMode: o.checksumMode } : {}),
  };
}

/** A transfer command's argument found wrong once it runs, which the CLI reports as `fatal error: …` with exit 1. */
export class TransferFatalError extends IsoawsError {}

export interface ListedObject {
  key: string;
  size: number;
  lastModified: Date;
  etag?: string;
  storageClass?: string;
  /** HeadObject's Restore (`ongoing-request="false", …` once restored); a listing has none. */
  restore?: string;
  /** The whole HeadObject answer, for a single object (what --copy-props copies). */
  head?: Record<string, unknown>;
}
