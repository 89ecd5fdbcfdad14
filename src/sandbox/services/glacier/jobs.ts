/**
 * Glacier's jobs: archive and inventory retrievals. No timer runs: a job is InProgress until
 * `settings.glacierJobSeconds` after its creation and Succeeded from then on, worked out from the stored
 * completion time and the call's clock, so a learner sees both states within seconds.
 */
import { treeHash, TREE_HASH_LEAF_SIZE } from '../../../core/checksums/tree-hash.js';
import { compareKeys } from '../../store.js';
import type { Handler, SandboxCall } from '../../service.js';
import {
  checkDescription,
  invalidParameter,
  keys,
  loadInVault,
  loadVault,
  missingParameter,
  newId,
  notFound,
  optionalString,
  page,
  parseRange,
  readArchive,
  scopeOf,
  treeHashAligned,
  vaultArn,
  vaultName,
  type ArchiveRecord,
  type Scope,
} from './common.js';

const TIERS = ['Expedited', 'Standard', 'Bulk'];

interface InventoryParameters {
  Format: string;
  StartDate?: string;
  EndDate?: string;
  Limit?: string;
  Marker?: string;
}

interface JobRecord {
  id: string;
  action: 'ArchiveRetrieval' | 'InventoryRetrieval';
  description?: string;
  snsTopic?: string;
  creationDate: string;
  /** When the job is done: its creation plus the sandbox's glacierJobSeconds. */
  completionDate: string;
  archive?: {
    id: string;
    size: number;
    treeHash: string;
    /** The bytes retrieved, `[start, end)`: the whole archive unless RetrievalByteRange said otherwise. */
    start: number;
    end: number;
    /** The tree hash of those bytes, when they are tree-hash aligned (AWS leaves it out otherwise). */
    rangeTreeHash?: string;
    tier: string;
  };
  inventory?: InventoryParameters;
}

function jobNotFound(id: string): Error {
  return notFound(`The job ID was not found: ${id}`);
}

function isDone(job: JobRecord, now: Date): boolean {
  return Date.parse(job.completionDate) <= now.getTime();
}

async function loadArchive(call: SandboxCall, scope: Scope, vault: string, id: string): Promise<ArchiveRecord> {
  const archive = await call.store.get<ArchiveRecord>(keys.archive(scope, vault, id));
  if (!archive) throw notFound(`The archive ID was not found: ${id}`);
  return archive;
}

/** A RetrievalByteRange (`first-last`): megabyte aligned, or running to the archive's last byte. */
function parseRetrievalRange(range: string | undefined, size: number): { start: number; end: number } {
  if (range === undefined) return { start: 0, end: size };
  const match = /^(\d+)-(\d+)$/.exec(range);
  const start = Number(match?.[1]);
  const end = Number(match?.[2]) + 1;
  if (
    !match ||
    start >= end ||
    end > size ||
    start % TREE_HASH_LEAF_SIZE !== 0 ||
    (end % TREE_HASH_LEAF_SIZE !== 0 && end !== size)
  )
    throw invalidParameter(
      `Invalid RetrievalByteRange: ${range}. The range must be megabyte aligned (the first byte a multiple of 1048576, ` +
        `the last byte plus one a multiple of 1048576 or the archive's size, ${size}).`,
    );
  return { start, end };
}

function inventoryParameters(params: Record<string, unknown>): InventoryParameters {
  const format = optionalString(params, 'Format') ?? 'JSON';
  if (format !== 'JSON' && format !== 'CSV') throw invalidParameter(`Invalid Format: ${format} (JSON or CSV)`);
  const given = (params.InventoryRetrievalParameters ?? {}) as Record<string, unknown>;
  const out: InventoryParameters = { Format: format };
  for (const member of ['StartDate', 'EndDate'] as const) {
    const date = optionalString(given, member);
    if (date !== undefined && Number.isNaN(Date.parse(date)))
      throw invalidParameter(`Invalid ${member}: ${date} (an ISO 8601 date such as 2013-03-20T17:03:43Z)`);
    out[member] = date;
  }
  const limit = optionalString(given, 'Limit');
  if (limit !== undefined && !/^[1-9]\d*$/.test(limit)) throw invalidParameter(`Invalid Limit: ${limit}`);
  out.Limit = limit;
  out.Marker = optionalString(given, 'Marker');
  return out;
}

const initiateJob: Handler = async (call) => {
  const scope = scopeOf(call);
  const vault = vaultName(call);
  const params = call.input.jobParameters as Record<string, unknown> | undefined;
  if (!params) throw missingParameter('Required body missing: job parameters');
  const type = optionalString(params, 'Type');
  const description = optionalString(params, 'Description');
  checkDescription(description, 'job description');
  await loadVault(call.store, scope, vault);
  const id = newId(call, 92);
  const job: JobRecord = {
    id,
    action: type === 'archive-retrieval' ? 'ArchiveRetrieval' : 'InventoryRetrieval',
    description,
    snsTopic: optionalString(params, 'SNSTopic'),
    creationDate: call.now.toISOString(),
    completionDate: new Date(call.now.getTime() + call.settings.glacierJobSeconds * 1000).toISOString(),
  };
  if (type === 'archive-retrieval') {
    const archiveId = optionalString(params, 'ArchiveId');
    if (!archiveId) throw missingParameter('Required parameter missing: ArchiveId (for an archive-retrieval job)');
    const archive = await loadArchive(call, scope, vault, archiveId);
    const tier = optionalString(params, 'Tier') ?? 'Standard';
    if (!TIERS.includes(tier)) throw invalidParameter(`Invalid Tier: ${tier} (${TIERS.join(', ')})`);
    const { start, end } = parseRetrievalRange(optionalString(params, 'RetrievalByteRange'), archive.size);
    const whole = start === 0 && end === archive.size;
    const rangeTreeHash = whole
      ? archive.treeHash
      : treeHashAligned(start, end, archive.size)
        ? await treeHash(readArchive(call.store, archive, start, end))
        : undefined;
    job.archive = { id: archiveId, size: archive.size, treeHash: archive.treeHash, start, end, rangeTreeHash, tier };
  } else if (type === 'inventory-retrieval') {
    job.inventory = inventoryParameters(params);
  } else if (type === 'select') {
    throw invalidParameter('The sandbox does not run Glacier Select jobs.');
  } else if (type === undefined) {
    throw missingParameter('Required parameter missing: Type (archive-retrieval or inventory-retrieval)');
  } else {
    throw invalidParameter(`Invalid job type: ${type} (archive-retrieval or inventory-retrieval)`);
  }
  await call.store.exclusive(async () => {
    const record = await loadVault(call.store, scope, vault);
    if (job.inventory) {
      // The vault's LastInventoryDate is the latest inventory done: keep that one and those still to come.
      const last = record.inventoryDates
        .filter((d) => Date.parse(d) <= call.now.getTime())
        .sort()
        .at(-1);
      const pending = record.inventoryDates.filter((d) => Date.parse(d) > call.now.getTime());
      record.inventoryDates = [...(last ? [last] : []), ...pending, job.completionDate];
      await call.store.put(keys.vault(scope, vault), record);
    }
    await call.store.put(keys.job(scope, vault, id), job);
  });
  return { location: `/${scope.account}/vaults/${vault}/jobs/${id}`, jobId: id };
};

/** Where an archive sorts in an inventory, and so the inventory's (opaque) pagination marker. */
function inventoryKey(archive: ArchiveRecord): string {
  return `${archive.creationDate}/${archive.id}`;
}

/**
 * An inventory job's output. The inventory is taken when the job completes: it lists the archives made by
 * then (the sandbox keeps no history, so one deleted since is missing), filtered and paged as asked.
 */
async function inventory(
  call: SandboxCall,
  scope: Scope,
  vault: string,
  job: JobRecord & { inventory: InventoryParameters },
): Promise<{ bytes: Uint8Array; contentType: string; nextMarker?: string }> {
  const { Format, StartDate, EndDate, Limit, Marker } = job.inventory;
  const takenAt = Date.parse(job.completionDate);
  const archives: ArchiveRecord[] = [];
  for (const key of await call.store.keys(keys.archives(scope, vault))) {
    const archive = await call.store.get<ArchiveRecord>(key);
    const created = Date.parse(archive?.creationDate ?? '');
    if (!archive || created > takenAt) continue;
    if (StartDate !== undefined && created < Date.parse(StartDate)) continue;
    if (EndDate !== undefined && created >= Date.parse(EndDate)) continue;
    if (Marker !== undefined && compareKeys(inventoryKey(archive), Marker) < 0) continue;
    archives.push(archive);
  }
  archives.sort((a, b) => compareKeys(inventoryKey(a), inventoryKey(b)));
  const limit = Limit === undefined ? archives.length : Number(Limit);
  const next = archives[limit];
  const list = archives.slice(0, limit).map((a) => ({
    ArchiveId: a.id,
    ArchiveDescription: a.description ?? '',
    CreationDate: a.creationDate,
    Size: a.size,
    SHA256TreeHash: a.treeHash,
  }));
  const text =
    Format === 'CSV'
      ? [
          'ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash',
          ...list.map((a) => Object.values(a).map(csvField).join(',')),
        ]
          .map((line) => `${line}\n`)
          .join('')
      : JSON.stringify({ VaultARN: vaultArn(scope, vault), InventoryDate: job.completionDate, ArchiveList: list });
  return {
    bytes: new TextEncoder().encode(text),
    contentType: Format === 'CSV' ? 'text/csv' : 'application/json',
    nextMarker: next && inventoryKey(next),
  };
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

async function describe(
  call: SandboxCall,
  scope: Scope,
  vault: string,
  job: JobRecord,
): Promise<Record<string, unknown>> {
  const done = isDone(job, call.now);
  const out: Record<string, unknown> = {
    JobId: job.id,
    JobDescription: job.description,
    Action: job.action,
    VaultARN: vaultArn(scope, vault),
    CreationDate: job.creationDate,
    Completed: done,
    StatusCode: done ? 'Succeeded' : 'InProgress',
    StatusMessage: done ? 'Succeeded' : undefined,
    SNSTopic: job.snsTopic,
    CompletionDate: done ? job.completionDate : undefined,
  };
  if (job.archive) {
    Object.assign(out, {
      ArchiveId: job.archive.id,
      ArchiveSizeInBytes: job.archive.size,
      ArchiveSHA256TreeHash: job.archive.treeHash,
      SHA256TreeHash: job.archive.rangeTreeHash,
      RetrievalByteRange: `${job.archive.start}-${job.archive.end - 1}`,
      Tier: job.archive.tier,
    });
  }
  if (job.inventory) {
    const { Marker: _given, ...params } = job.inventory;
    // Once done, the parameters' Marker says where a further inventory job should continue (none at the end).
    const output = done ? await inventory(call, scope, vault, { ...job, inventory: job.inventory }) : undefined;
    out.InventoryRetrievalParameters = { ...params, Marker: output?.nextMarker };
    out.InventorySizeInBytes = output?.bytes.length;
  }
  return out;
}

async function loadJob(call: SandboxCall, scope: Scope, vault: string): Promise<JobRecord> {
  const id = optionalString(call.input, 'jobId');
  if (!id) throw missingParameter('Required parameter missing: jobId');
  return loadInVault<JobRecord>(call.store, scope, vault, keys.job(scope, vault, id), () => jobNotFound(id));
}

const describeJob: Handler = async (call) => {
  const scope = scopeOf(call);
  const vault = vaultName(call);
  return describe(call, scope, vault, await loadJob(call, scope, vault));
};

const listJobs: Handler = async (call) => {
  const scope = scopeOf(call);
  const vault = vaultName(call);
  await loadVault(call.store, scope, vault);
  const completed = optionalString(call.input, 'completed');
  if (completed !== undefined && completed !== 'true' && completed !== 'false')
    throw invalidParameter(`Invalid completed: ${completed} (true or false)`);
  const status = optionalString(call.input, 'statuscode');
  if (status !== undefined && !['InProgress', 'Succeeded', 'Failed'].includes(status))
    throw invalidParameter(`Invalid statuscode: ${status} (InProgress, Succeeded or Failed)`);
  const jobs: JobRecord[] = [];
  for (const key of await call.store.keys(keys.jobs(scope, vault))) {
    const job = await call.store.get<JobRecord>(key);
    if (!job) continue;
    const done = isDone(job, call.now);
    if (completed !== undefined && done !== (completed === 'true')) continue;
    if (status !== undefined && (done ? 'Succeeded' : 'InProgress') !== status) continue;
    jobs.push(job);
  }
  jobs.sort((a, b) => compareKeys(a.creationDate, b.creationDate) || compareKeys(a.id, b.id));
  const listed = page(jobs, (j) => j.id, call.input, 50);
  const list: Array<Record<string, unknown>> = [];
  for (const job of listed.items) list.push(await describe(call, scope, vault, job));
  return { JobList: list, Marker: listed.marker };
};

const getJobOutput: Handler = async (call) => {
  const scope = scopeOf(call);
  const vault = vaultName(call);
  const job = await loadJob(call, scope, vault);
  if (!isDone(job, call.now)) throw invalidParameter(`The job is not currently available for download: ${job.id}`);
  const range = optionalString(call.input, 'range');
  const ranged = (size: number) => {
    const part = range ? parseRange(range, size) : { start: 0, end: size };
    // A range answers 206 with the part it holds, as HTTP has it.
    if (range) call.reply.statusCode = 206;
    return { ...part, contentRange: range ? `bytes ${part.start}-${part.end - 1}/${size}` : undefined };
  };
  if (job.inventory) {
    const output = await inventory(call, scope, vault, { ...job, inventory: job.inventory });
    const { start, end, contentRange } = ranged(output.bytes.length);
    return {
      body: output.bytes.subarray(start, end),
      status: range ? 206 : 200,
      contentRange,
      acceptRanges: 'bytes',
      contentType: output.contentType,
    };
  }
  const retrieval = job.archive!;
  const archive = await loadArchive(call, scope, vault, retrieval.id);
  const total = retrieval.end - retrieval.start;
  const { start, end, contentRange } = ranged(total);
  const from = retrieval.start + start;
  const to = retrieval.start + end;
  // AWS sends the tree hash of what it returns when that is a node of both the archive's tree and the job output's.
  const checksum =
    start === 0 && end === total
      ? retrieval.rangeTreeHash
      : treeHashAligned(from, to, archive.size) && treeHashAligned(start, end, total)
        ? await treeHash(readArchive(call.store, archive, from, to))
        : undefined;
  return {
    body: readArchive(call.store, archive, from, to),
    checksum,
    status: range ? 206 : 200,
    contentRange,
    acceptRanges: 'bytes',
    contentType: 'application/octet-stream',
    archiveDescription: archive.description,
  };
};

export const jobHandlers = {
  InitiateJob: initiateJob,
  DescribeJob: describeJob,
  ListJobs: listJobs,
  GetJobOutput: getJobOutput,
} satisfies Record<string, Handler>;
