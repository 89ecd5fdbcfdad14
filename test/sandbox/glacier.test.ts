import { describe, expect, it } from 'vitest';
import { treeHash } from '../../src/core/checksums/tree-hash.js';
import { handlers } from '../../src/sandbox/services/glacier.js';
import { newId } from '../../src/sandbox/services/glacier/common.js';
import type { SandboxCall } from '../../src/sandbox/service.js';
import { bodyOf, harness, readBody, type Harness } from './support.js';

const MiB = 1024 * 1024;
const ARN = 'arn:aws:glacier:us-east-1:123456789012:vaults';

/** Bytes that differ leaf to leaf, so a hash over misplaced leaves cannot pass. */
function bytes(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** A body delivered in chunks of `size` bytes, as a socket would. */
async function* chunked(data: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

/** Byte equality without the deep-equality walk, which takes seconds over megabytes. */
function expectBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual.length).toBe(expected.length);
  const differs = actual.findIndex((b, i) => b !== expected[i]);
  expect(differs, 'the first differing byte').toBe(-1);
}

async function fails(promise: Promise<unknown>, code: string, statusCode: number, message?: string | RegExp) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as { code: string; statusCode: number; message: string; fields: Record<string, string> },
  );
  expect(error, `expected ${code}`).toBeDefined();
  expect(error).toMatchObject({ code, statusCode });
  if (code !== 'AccessDeniedException') expect(error!.fields).toEqual({ type: 'Client' });
  if (message !== undefined) expect(error!.message).toMatch(message);
}

async function withVault(name = 'v'): Promise<Harness> {
  const h = harness('glacier', handlers);
  await h.call('CreateVault', { accountId: '-', vaultName: name });
  return h;
}

async function upload(h: Harness, data: Uint8Array, extra: Record<string, unknown> = {}) {
  const { output, reply } = await h.call('UploadArchive', {
    accountId: '-',
    vaultName: 'v',
    checksum: await treeHash(data),
    body: chunked(data, 256 * 1024),
    ...extra,
  });
  expect(reply.statusCode).toBeUndefined();
  return output as { archiveId: string; checksum: string; location: string };
}

async function vault(h: Harness, name = 'v') {
  return (await h.call('DescribeVault', { accountId: '-', vaultName: name })).output;
}

/** Starts a job, then moves the clock past its completion. */
async function finishedJob(h: Harness, jobParameters: Record<string, unknown>): Promise<string> {
  const { output } = await h.call('InitiateJob', { accountId: '-', vaultName: 'v', jobParameters });
  h.clock.now = new Date(h.clock.now.getTime() + 3000);
  return output.jobId as string;
}

describe('glacier vaults', () => {
  it('runs the public scenario: create, describe, list, delete, list', async () => {
    const h = harness('glacier', handlers);
    expect((await h.call('CreateVault', { accountId: '-', vaultName: 'pubvault' })).output).toEqual({
      location: '/123456789012/vaults/pubvault',
    });
    expect((await vault(h, 'pubvault')).VaultARN).toBe(`${ARN}/pubvault`);
    const listed = await h.call('ListVaults', { accountId: '-' });
    expect((listed.output.VaultList as Array<{ VaultName: string }>).map((v) => v.VaultName)).toEqual(['pubvault']);
    expect(listed.output.Marker).toBeUndefined();
    expect((await h.call('DeleteVault', { accountId: '-', vaultName: 'pubvault' })).output).toEqual({});
    expect((await h.call('ListVaults', { accountId: '-' })).output).toEqual({ VaultList: [], Marker: undefined });
  });

  it('describes a new vault with ISO dates and empty counts, and is idempotent to create', async () => {
    const h = await withVault();
    h.clock.now = new Date('2026-12-02T00:00:00Z');
    await h.call('CreateVault', { accountId: '123456789012', vaultName: 'v' });
    expect(await vault(h)).toEqual({
      VaultARN: `${ARN}/v`,
      VaultName: 'v',
      CreationDate: '2026-12-01T12:00:00.000Z',
      LastInventoryDate: undefined,
      NumberOfArchives: 0,
      SizeInBytes: 0,
    });
  });

  it('checks vault names', async () => {
    const h = harness('glacier', handlers);
    for (const name of ['', 'a'.repeat(256), 'bad name', 'a/b', 'ü'])
      await fails(
        h.call('CreateVault', { accountId: '-', vaultName: name }),
        name ? 'InvalidParameterValueException' : 'MissingParameterValueException',
        400,
      );
    await h.call('CreateVault', { accountId: '-', vaultName: `A-z_0.${'x'.repeat(249)}` });
  });

  it('refuses another account, and answers a missing vault with its ARN', async () => {
    const h = await withVault();
    await fails(
      h.call('DescribeVault', { accountId: '111122223333', vaultName: 'v' }),
      'AccessDeniedException',
      403,
      /111122223333/,
    );
    await fails(h.call('ListVaults', { accountId: '111122223333' }), 'AccessDeniedException', 403);
    for (const op of [
      'DescribeVault',
      'DeleteVault',
      'ListTagsForVault',
      'GetVaultNotifications',
      'ListJobs',
      'ListMultipartUploads',
    ])
      await fails(
        h.call(op, { accountId: '-', vaultName: 'nope' }),
        'ResourceNotFoundException',
        404,
        `Vault not found for ARN: ${ARN}/nope`,
      );
  });

  it('lists vaults by name, a page at a time', async () => {
    const h = harness('glacier', handlers);
    for (const name of ['c', 'a', 'e', 'b', 'd']) await h.call('CreateVault', { accountId: '-', vaultName: name });
    const names: string[] = [];
    let marker: string | undefined;
    do {
      const { output } = await h.call('ListVaults', { accountId: '-', limit: '2', marker });
      names.push(...(output.VaultList as Array<{ VaultName: string }>).map((v) => v.VaultName));
      marker = output.Marker as string | undefined;
    } while (marker);
    expect(names).toEqual(['a', 'b', 'c', 'd', 'e']);
    await fails(h.call('ListVaults', { accountId: '-', limit: '0' }), 'InvalidParameterValueException', 400);
    await fails(h.call('ListVaults', { accountId: '-', limit: 'x' }), 'InvalidParameterValueException', 400);
    await fails(h.call('ListVaults', { accountId: '-', marker: 'nope' }), 'InvalidParameterValueException', 400);
  });

  it('deletes only an empty vault, and its uploads and jobs go with it', async () => {
    const h = await withVault();
    const { archiveId } = await upload(h, bytes(10));
    await fails(
      h.call('DeleteVault', { accountId: '-', vaultName: 'v' }),
      'InvalidParameterValueException',
      400,
      `Vault not empty or recently written to: ${ARN}/v`,
    );
    await h.call('DeleteArchive', { accountId: '-', vaultName: 'v', archiveId });
    const { output } = await h.call('InitiateMultipartUpload', {
      accountId: '-',
      vaultName: 'v',
      partSize: String(MiB),
    });
    await h.call('UploadMultipartPart', {
      accountId: '-',
      vaultName: 'v',
      uploadId: output.uploadId,
      range: 'bytes 0-9/*',
      checksum: await treeHash(bytes(10)),
      body: bodyOf(bytes(10)),
    });
    await h.call('InitiateJob', { accountId: '-', vaultName: 'v', jobParameters: { Type: 'inventory-retrieval' } });
    await h.call('DeleteVault', { accountId: '-', vaultName: 'v' });
    await h.call('CreateVault', { accountId: '-', vaultName: 'v' });
    expect((await h.call('ListMultipartUploads', { accountId: '-', vaultName: 'v' })).output.UploadsList).toEqual([]);
    expect((await h.call('ListJobs', { accountId: '-', vaultName: 'v' })).output.JobList).toEqual([]);
  });

  it('tags a vault, up to 50 tags', async () => {
    const h = await withVault();
    const tags = (await h.call('ListTagsForVault', { accountId: '-', vaultName: 'v' })).output;
    expect(tags).toEqual({ Tags: {} });
    await h.call('AddTagsToVault', { accountId: '-', vaultName: 'v', Tags: { a: '1', b: '2' } });
    await h.call('AddTagsToVault', { accountId: '-', vaultName: 'v', Tags: { b: '3' } });
    await h.call('RemoveTagsFromVault', { accountId: '-', vaultName: 'v', TagKeys: ['a', 'missing'] });
    expect((await h.call('ListTagsForVault', { accountId: '-', vaultName: 'v' })).output).toEqual({ Tags: { b: '3' } });
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    await fails(
      h.call('AddTagsToVault', { accountId: '-', vaultName: 'v', Tags: many }),
      'LimitExceededException',
      400,
    );
    await h.call('RemoveTagsFromVault', { accountId: '-', vaultName: 'v', TagKeys: ['b'] });
    await h.call('AddTagsToVault', { accountId: '-', vaultName: 'v', Tags: many });
    await fails(
      h.call('AddTagsToVault', { accountId: '-', vaultName: 'nope', Tags: {} }),
      'ResourceNotFoundException',
      404,
    );
    await fails(
      h.call('RemoveTagsFromVault', { accountId: '-', vaultName: 'nope', TagKeys: [] }),
      'ResourceNotFoundException',
      404,
    );
  });

  it('stores notification configurations', async () => {
    const h = await withVault();
    const at = { accountId: '-', vaultName: 'v' };
    await fails(h.call('GetVaultNotifications', at), 'ResourceNotFoundException', 404);
    const config = { SNSTopic: 'arn:aws:sns:us-east-1:123456789012:t', Events: ['ArchiveRetrievalCompleted'] };
    await h.call('SetVaultNotifications', { ...at, vaultNotificationConfig: config });
    expect((await h.call('GetVaultNotifications', at)).output).toEqual({ vaultNotificationConfig: config });
    await fails(
      h.call('SetVaultNotifications', { ...at, vaultNotificationConfig: { Events: ['Nope'] } }),
      'InvalidParameterValueException',
      400,
    );
    await fails(h.call('SetVaultNotifications', at), 'MissingParameterValueException', 400);
    await h.call('DeleteVaultNotifications', at);
    await fails(h.call('GetVaultNotifications', at), 'ResourceNotFoundException', 404);
  });

  it('stores access policies', async () => {
    const h = await withVault();
    const at = { accountId: '-', vaultName: 'v' };
    await fails(h.call('GetVaultAccessPolicy', at), 'ResourceNotFoundException', 404);
    const Policy = JSON.stringify({ Version: '2012-10-17', Statement: [] });
    await h.call('SetVaultAccessPolicy', { ...at, policy: { Policy } });
    expect((await h.call('GetVaultAccessPolicy', at)).output).toEqual({ policy: { Policy } });
    await fails(
      h.call('SetVaultAccessPolicy', { ...at, policy: { Policy: '{' } }),
      'InvalidParameterValueException',
      400,
    );
    await fails(h.call('SetVaultAccessPolicy', at), 'MissingParameterValueException', 400);
    await h.call('DeleteVaultAccessPolicy', at);
    await fails(h.call('GetVaultAccessPolicy', at), 'ResourceNotFoundException', 404);
    await fails(h.call('DeleteVaultAccessPolicy', { ...at, vaultName: 'nope' }), 'ResourceNotFoundException', 404);
  });
});

describe('glacier archives', () => {
  it('uploads an archive streamed in chunks, checked by its tree hash', async () => {
    const h = await withVault();
    const data = bytes(2.5 * MiB);
    const out = await upload(h, data, { archiveDescription: 'my archive' });
    expect(out.archiveId).toMatch(/^[A-Za-z0-9_-]{138}$/);
    expect(out.checksum).toBe(await treeHash(data));
    expect(out.location).toBe(`/123456789012/vaults/v/archives/${out.archiveId}`);
    // AWS counts at the next inventory; the sandbox at once.
    expect(await vault(h)).toMatchObject({ NumberOfArchives: 1, SizeInBytes: data.length });
    const again = await upload(h, bytes(5));
    expect(again.archiveId).not.toBe(out.archiveId);
    expect(await vault(h)).toMatchObject({ NumberOfArchives: 2, SizeInBytes: data.length + 5 });
  });

  it('refuses an upload without a tree hash, or with a wrong one', async () => {
    const h = await withVault();
    const data = bytes(MiB + 1);
    await fails(
      h.call('UploadArchive', { accountId: '-', vaultName: 'v', body: bodyOf(data) }),
      'MissingParameterValueException',
      400,
    );
    const wrong = 'AB'.repeat(32);
    await fails(
      h.call('UploadArchive', { accountId: '-', vaultName: 'v', checksum: wrong, body: bodyOf(data) }),
      'InvalidParameterValueException',
      400,
      `Checksum mismatch: expected ${wrong} (calculated ${await treeHash(data)})`,
    );
    await fails(upload(h, bytes(1), { vaultName: 'nope' }), 'ResourceNotFoundException', 404);
    await fails(upload(h, bytes(1), { archiveDescription: 'tab\tbad' }), 'InvalidParameterValueException', 400);
    await fails(upload(h, bytes(1), { archiveDescription: 'x'.repeat(1025) }), 'InvalidParameterValueException', 400);
    expect(await vault(h)).toMatchObject({ NumberOfArchives: 0, SizeInBytes: 0 });
  });

  it('accepts an upper-case tree hash and a body given as bytes', async () => {
    const h = await withVault();
    const data = bytes(100);
    const { output } = await h.call('UploadArchive', {
      accountId: '-',
      vaultName: 'v',
      checksum: (await treeHash(data)).toUpperCase(),
      body: data,
    });
    expect(output.checksum).toBe(await treeHash(data));
  });

  it('passes on a body that fails midway and records nothing', async () => {
    const h = await withVault();
    async function* broken(): AsyncIterable<Uint8Array> {
      yield bytes(MiB);
      throw new Error('connection reset');
    }
    await expect(
      h.call('UploadArchive', { accountId: '-', vaultName: 'v', checksum: 'x', body: broken() }),
    ).rejects.toThrow('connection reset');
    expect(await vault(h)).toMatchObject({ NumberOfArchives: 0 });
  });

  it('deletes an archive', async () => {
    const h = await withVault();
    const { archiveId } = await upload(h, bytes(10));
    expect((await h.call('DeleteArchive', { accountId: '-', vaultName: 'v', archiveId })).output).toEqual({});
    expect(await vault(h)).toMatchObject({ NumberOfArchives: 0, SizeInBytes: 0 });
    await fails(
      h.call('DeleteArchive', { accountId: '-', vaultName: 'v', archiveId }),
      'ResourceNotFoundException',
      404,
      `The archive ID was not found: ${archiveId}`,
    );
    await fails(
      h.call('DeleteArchive', { accountId: '-', vaultName: 'nope', archiveId }),
      'ResourceNotFoundException',
      404,
    );
  });
});

describe('glacier multipart uploads', () => {
  const at = { accountId: '-', vaultName: 'v' };

  async function initiate(h: Harness, partSize: number, archiveDescription?: string): Promise<string> {
    const { output } = await h.call('InitiateMultipartUpload', {
      ...at,
      partSize: String(partSize),
      archiveDescription,
    });
    expect(output.location).toBe(`/123456789012/vaults/v/multipart-uploads/${output.uploadId as string}`);
    expect(output.uploadId).toMatch(/^[A-Za-z0-9_-]{92}$/);
    return output.uploadId as string;
  }

  async function part(h: Harness, uploadId: string, data: Uint8Array, start: number, checksum?: string) {
    return h.call('UploadMultipartPart', {
      ...at,
      uploadId,
      range: `bytes ${start}-${start + data.length - 1}/*`,
      checksum: checksum ?? (await treeHash(data)),
      body: chunked(data, 100_000),
    });
  }

  it("runs the CLI guide's walk-through: three 1 MiB parts, completed, then retrieved", async () => {
    const h = await withVault();
    const data = bytes(3 * MiB);
    const uploadId = await initiate(h, MiB);
    for (let i = 0; i < 3; i++) {
      const piece = data.subarray(i * MiB, (i + 1) * MiB);
      const { output } = await part(h, uploadId, piece, i * MiB);
      expect(output).toEqual({ checksum: await treeHash(piece) });
    }
    const parts = await h.call('ListParts', { ...at, uploadId });
    expect(parts.output).toMatchObject({
      MultipartUploadId: uploadId,
      VaultARN: `${ARN}/v`,
      PartSizeInBytes: MiB,
      CreationDate: '2026-12-01T12:00:00.000Z',
      Marker: undefined,
    });
    expect((parts.output.Parts as Array<{ RangeInBytes: string }>).map((p) => p.RangeInBytes)).toEqual([
      '0-1048575',
      '1048576-2097151',
      '2097152-3145727',
    ]);
    const checksum = await treeHash(data);
    const done = await h.call('CompleteMultipartUpload', {
      ...at,
      uploadId,
      archiveSize: String(data.length),
      checksum,
    });
    expect(done.output).toMatchObject({ checksum, archiveId: expect.stringMatching(/^[A-Za-z0-9_-]{138}$/) });
    expect(await vault(h)).toMatchObject({ NumberOfArchives: 1, SizeInBytes: 3 * MiB });
    await fails(
      h.call('ListParts', { ...at, uploadId }),
      'ResourceNotFoundException',
      404,
      `The upload ID was not found: ${uploadId}`,
    );

    const { output } = await h.call('InitiateJob', {
      ...at,
      jobParameters: { Type: 'archive-retrieval', ArchiveId: done.output.archiveId, Description: 'get it' },
    });
    const jobId = output.jobId as string;
    expect(output.location).toBe(`/123456789012/vaults/v/jobs/${jobId}`);
    expect((await h.call('DescribeJob', { ...at, jobId })).output).toMatchObject({
      StatusCode: 'InProgress',
      Completed: false,
    });
    await fails(
      h.call('GetJobOutput', { ...at, jobId }),
      'InvalidParameterValueException',
      400,
      `The job is not currently available for download: ${jobId}`,
    );
    h.clock.now = new Date(h.clock.now.getTime() + 3000);
    expect((await h.call('DescribeJob', { ...at, jobId })).output).toEqual({
      JobId: jobId,
      JobDescription: 'get it',
      Action: 'ArchiveRetrieval',
      ArchiveId: done.output.archiveId,
      VaultARN: `${ARN}/v`,
      CreationDate: '2026-12-01T12:00:00.000Z',
      Completed: true,
      StatusCode: 'Succeeded',
      StatusMessage: 'Succeeded',
      SNSTopic: undefined,
      CompletionDate: '2026-12-01T12:00:03.000Z',
      ArchiveSizeInBytes: 3 * MiB,
      ArchiveSHA256TreeHash: checksum,
      SHA256TreeHash: checksum,
      RetrievalByteRange: '0-3145727',
      Tier: 'Standard',
    });
    const got = await h.call('GetJobOutput', { ...at, jobId });
    expect(got.reply.statusCode).toBeUndefined();
    expect(got.output).toMatchObject({
      checksum,
      status: 200,
      acceptRanges: 'bytes',
      contentType: 'application/octet-stream',
      contentRange: undefined,
    });
    expectBytes(await readBody(got.output.body), data);
  });

  it('builds the archive tree hash from 2 MiB parts, the last one short', async () => {
    const h = await withVault();
    const data = bytes(5 * MiB + 123, 7);
    const uploadId = await initiate(h, 2 * MiB, 'five and a bit');
    // Parts may arrive in any order.
    for (const start of [4 * MiB, 0, 2 * MiB]) await part(h, uploadId, data.subarray(start, start + 2 * MiB), start);
    const checksum = await treeHash(data);
    const { output } = await h.call('CompleteMultipartUpload', {
      ...at,
      uploadId,
      archiveSize: String(data.length),
      checksum,
    });
    const jobId = await finishedJob(h, { Type: 'archive-retrieval', ArchiveId: output.archiveId });
    const got = await h.call('GetJobOutput', { ...at, jobId });
    expect(got.output.archiveDescription).toBe('five and a bit');
    expectBytes(await readBody(got.output.body), data);
  });

  it('takes only power-of-two part sizes from 1 MiB to 4 GiB', async () => {
    const h = await withVault();
    for (const size of ['0', '524288', String(3 * MiB), String(8 * 1024 * MiB), 'abc', '1048576.0'])
      await fails(
        h.call('InitiateMultipartUpload', { ...at, partSize: size }),
        'InvalidParameterValueException',
        400,
        /Invalid part size/,
      );
    await fails(h.call('InitiateMultipartUpload', at), 'MissingParameterValueException', 400);
    await initiate(h, 4 * 1024 * MiB);
    await fails(
      h.call('InitiateMultipartUpload', { ...at, vaultName: 'nope', partSize: String(MiB) }),
      'ResourceNotFoundException',
      404,
    );
    await fails(
      h.call('InitiateMultipartUpload', { ...at, partSize: String(MiB), archiveDescription: '\n' }),
      'InvalidParameterValueException',
      400,
    );
  });

  it('checks each part: its range, its size and its tree hash', async () => {
    const h = await withVault();
    const uploadId = await initiate(h, MiB);
    const data = bytes(MiB);
    const call = (input: Record<string, unknown>) =>
      h.call('UploadMultipartPart', { ...at, uploadId, checksum: 'x', body: bodyOf(data), ...input });
    await fails(call({ range: undefined }), 'MissingParameterValueException', 400);
    await fails(call({ range: 'bytes=0-1048575' }), 'InvalidParameterValueException', 400, /Invalid Content-Range/);
    await fails(call({ range: 'bytes 5-4/*' }), 'InvalidParameterValueException', 400);
    await fails(call({ range: 'bytes 1-1048576/*' }), 'InvalidParameterValueException', 400, /incompatible/);
    await fails(call({ range: 'bytes 0-2097151/*' }), 'InvalidParameterValueException', 400, /incompatible/);
    await fails(
      call({ range: 'bytes 0-99/*', checksum: await treeHash(data) }),
      'InvalidParameterValueException',
      400,
      /holds 1048576 bytes/,
    );
    await fails(call({ range: 'bytes 0-1048575/*', checksum: undefined }), 'MissingParameterValueException', 400);
    await fails(
      part(h, uploadId, data, 0, 'ab'.repeat(32)),
      'InvalidParameterValueException',
      400,
      /^Checksum mismatch/,
    );
    await fails(part(h, 'nope', data, 0), 'ResourceNotFoundException', 404, 'The upload ID was not found: nope');
    expect((await h.call('ListParts', { ...at, uploadId })).output.Parts).toEqual([]);
  });

  it('replaces a part sent again', async () => {
    const h = await withVault();
    const uploadId = await initiate(h, MiB);
    await part(h, uploadId, bytes(MiB, 1), 0);
    const data = bytes(MiB, 2);
    await part(h, uploadId, data, 0);
    const parts = (await h.call('ListParts', { ...at, uploadId })).output.Parts;
    expect(parts).toEqual([{ RangeInBytes: '0-1048575', SHA256TreeHash: await treeHash(data) }]);
    const checksum = await treeHash(data);
    const { output } = await h.call('CompleteMultipartUpload', { ...at, uploadId, archiveSize: String(MiB), checksum });
    const jobId = await finishedJob(h, { Type: 'archive-retrieval', ArchiveId: output.archiveId });
    expectBytes(await readBody((await h.call('GetJobOutput', { ...at, jobId })).output.body), data);
  });

  it('completes only parts that tile the archive, with the right size and tree hash', async () => {
    const h = await withVault();
    const data = bytes(3 * MiB);
    const uploadId = await initiate(h, MiB);
    const complete = (archiveSize: number | undefined, checksum?: string) =>
      h.call('CompleteMultipartUpload', {
        ...at,
        uploadId,
        archiveSize: archiveSize === undefined ? undefined : String(archiveSize),
        checksum,
      });
    const checksum = await treeHash(data);
    await fails(complete(3 * MiB, checksum), 'InvalidParameterValueException', 400, /does not match/);
    await part(h, uploadId, data.subarray(0, MiB), 0);
    await part(h, uploadId, data.subarray(2 * MiB), 2 * MiB);
    await fails(
      complete(3 * MiB, checksum),
      'InvalidParameterValueException',
      400,
      /no part for the bytes from 1048576/,
    );
    await part(h, uploadId, data.subarray(MiB, MiB + 10), MiB);
    await fails(complete(3 * MiB, checksum), 'InvalidParameterValueException', 400, /not the part size/);
    await part(h, uploadId, data.subarray(MiB, 2 * MiB), MiB);
    await fails(complete(3 * MiB - 1, checksum), 'InvalidParameterValueException', 400, /does not match/);
    await fails(complete(undefined, checksum), 'MissingParameterValueException', 400);
    await fails(complete(-1, checksum), 'InvalidParameterValueException', 400);
    await fails(complete(3 * MiB), 'MissingParameterValueException', 400);
    await fails(complete(3 * MiB, '00'.repeat(32)), 'InvalidParameterValueException', 400, `(calculated ${checksum})`);
    await complete(3 * MiB, checksum);
    await fails(complete(3 * MiB, checksum), 'ResourceNotFoundException', 404);
  });

  it('lists uploads and parts a page at a time, and aborts', async () => {
    const h = await withVault();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push(await initiate(h, MiB, `u${i}`));
      h.clock.now = new Date(h.clock.now.getTime() + 1000);
    }
    const first = await h.call('ListMultipartUploads', { ...at, limit: '2' });
    expect(first.output.UploadsList).toEqual([
      {
        MultipartUploadId: ids[0],
        VaultARN: `${ARN}/v`,
        ArchiveDescription: 'u0',
        PartSizeInBytes: MiB,
        CreationDate: '2026-12-01T12:00:00.000Z',
      },
      expect.objectContaining({ MultipartUploadId: ids[1] }),
    ]);
    const second = await h.call('ListMultipartUploads', { ...at, limit: '2', marker: first.output.Marker });
    expect(second.output).toEqual({
      UploadsList: [expect.objectContaining({ MultipartUploadId: ids[2] })],
      Marker: undefined,
    });

    const uploadId = ids[0]!;
    for (let i = 0; i < 3; i++) await part(h, uploadId, bytes(MiB, i), i * MiB);
    const page1 = await h.call('ListParts', { ...at, uploadId, limit: '2' });
    expect((page1.output.Parts as unknown[]).length).toBe(2);
    const page2 = await h.call('ListParts', { ...at, uploadId, limit: '2', marker: page1.output.Marker });
    expect(page2.output).toMatchObject({ Parts: [{ RangeInBytes: '2097152-3145727' }], Marker: undefined });

    expect((await h.call('AbortMultipartUpload', { ...at, uploadId })).output).toEqual({});
    await fails(h.call('AbortMultipartUpload', { ...at, uploadId }), 'ResourceNotFoundException', 404);
    await fails(h.call('ListParts', { ...at, uploadId }), 'ResourceNotFoundException', 404);
    expect(((await h.call('ListMultipartUploads', at)).output.UploadsList as unknown[]).length).toBe(2);
  });
});

describe('glacier jobs', () => {
  const at = { accountId: '-', vaultName: 'v' };

  it('takes an inventory: InProgress, then Succeeded with the archives as JSON', async () => {
    const h = await withVault();
    const a = await upload(h, bytes(10), { archiveDescription: 'first' });
    h.clock.now = new Date('2026-12-01T13:00:00Z');
    const b = await upload(h, bytes(2 * MiB));
    const { output, reply } = await h.call('InitiateJob', {
      ...at,
      jobParameters: { Type: 'inventory-retrieval', SNSTopic: 't' },
    });
    expect(reply.statusCode).toBeUndefined();
    const jobId = output.jobId as string;
    expect(output.jobId).toMatch(/^[A-Za-z0-9_-]{92}$/);
    expect((await h.call('DescribeJob', { ...at, jobId })).output).toEqual({
      JobId: jobId,
      JobDescription: undefined,
      Action: 'InventoryRetrieval',
      VaultARN: `${ARN}/v`,
      CreationDate: '2026-12-01T13:00:00.000Z',
      Completed: false,
      StatusCode: 'InProgress',
      StatusMessage: undefined,
      SNSTopic: 't',
      CompletionDate: undefined,
      InventoryRetrievalParameters: {
        Format: 'JSON',
        StartDate: undefined,
        EndDate: undefined,
        Limit: undefined,
        Marker: undefined,
      },
      InventorySizeInBytes: undefined,
    });
    expect((await vault(h)).LastInventoryDate).toBeUndefined();

    h.clock.now = new Date('2026-12-01T13:00:02.999Z');
    expect((await h.call('DescribeJob', { ...at, jobId })).output.StatusCode).toBe('InProgress');
    h.clock.now = new Date('2026-12-01T13:00:03Z');
    // An archive made after the inventory was taken is not in it.
    h.clock.now = new Date('2026-12-01T14:00:00Z');
    await upload(h, bytes(3));
    const described = (await h.call('DescribeJob', { ...at, jobId })).output;
    expect(described).toMatchObject({
      Completed: true,
      StatusCode: 'Succeeded',
      CompletionDate: '2026-12-01T13:00:03.000Z',
    });
    expect((await vault(h)).LastInventoryDate).toBe('2026-12-01T13:00:03.000Z');

    const got = await h.call('GetJobOutput', { ...at, jobId });
    expect(got.output).toMatchObject({ contentType: 'application/json', status: 200 });
    expect(got.output.checksum).toBeUndefined();
    const text = new TextDecoder().decode(await readBody(got.output.body));
    expect(described.InventorySizeInBytes).toBe(text.length);
    expect(JSON.parse(text)).toEqual({
      VaultARN: `${ARN}/v`,
      InventoryDate: '2026-12-01T13:00:03.000Z',
      ArchiveList: [
        {
          ArchiveId: a.archiveId,
          ArchiveDescription: 'first',
          CreationDate: '2026-12-01T12:00:00.000Z',
          Size: 10,
          SHA256TreeHash: a.checksum,
        },
        {
          ArchiveId: b.archiveId,
          ArchiveDescription: '',
          CreationDate: '2026-12-01T13:00:00.000Z',
          Size: 2 * MiB,
          SHA256TreeHash: b.checksum,
        },
      ],
    });
    // A range of the inventory answers 206.
    const ranged = await h.call('GetJobOutput', { ...at, jobId, range: 'bytes=0-9' });
    expect(ranged.reply.statusCode).toBe(206);
    expect(ranged.output.contentRange).toBe(`bytes 0-9/${text.length}`);
    expect(new TextDecoder().decode(await readBody(ranged.output.body))).toBe(text.slice(0, 10));
  });

  it('writes a CSV inventory, filtered by date and paged by Limit and Marker', async () => {
    const h = await withVault();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      h.clock.now = new Date(Date.UTC(2026, 11, 1 + i));
      ids.push((await upload(h, bytes(1, i), { archiveDescription: i === 1 ? 'a "quoted", one' : `n${i}` })).archiveId);
    }
    const jobParameters = {
      Type: 'inventory-retrieval',
      Format: 'CSV',
      InventoryRetrievalParameters: { StartDate: '2026-12-02T00:00:00Z', Limit: '2' },
    };
    const jobId = await finishedJob(h, jobParameters);
    const got = await h.call('GetJobOutput', { ...at, jobId });
    expect(got.output.contentType).toBe('text/csv');
    const lines = new TextDecoder()
      .decode(await readBody(got.output.body))
      .trimEnd()
      .split('\n');
    expect(lines[0]).toBe('ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual([ids[1], ids[2]]);
    expect(lines[1]).toContain('"a ""quoted"", one",2026-12-02T00:00:00.000Z,1,');
    const params = (await h.call('DescribeJob', { ...at, jobId })).output.InventoryRetrievalParameters as {
      Marker: string;
    };
    expect(params).toMatchObject({ Format: 'CSV', StartDate: '2026-12-02T00:00:00Z', Limit: '2' });
    const nextId = await finishedJob(h, {
      ...jobParameters,
      InventoryRetrievalParameters: { ...jobParameters.InventoryRetrievalParameters, Marker: params.Marker },
    });
    const next = new TextDecoder().decode(
      await readBody((await h.call('GetJobOutput', { ...at, jobId: nextId })).output.body),
    );
    expect(
      next
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[0]),
    ).toEqual([ids[3]]);
    expect((await h.call('DescribeJob', { ...at, jobId: nextId })).output.InventoryRetrievalParameters).toMatchObject({
      Marker: undefined,
    });
    const ended = await finishedJob(h, {
      Type: 'inventory-retrieval',
      InventoryRetrievalParameters: { EndDate: '2026-12-02T00:00:00Z' },
    });
    const json = JSON.parse(
      new TextDecoder().decode(await readBody((await h.call('GetJobOutput', { ...at, jobId: ended })).output.body)),
    );
    expect(json.ArchiveList.map((a: { ArchiveId: string }) => a.ArchiveId)).toEqual([ids[0]]);
  });

  it('retrieves a megabyte-aligned byte range, with its tree hash when aligned to the tree', async () => {
    const h = await withVault();
    const data = bytes(4 * MiB + 500);
    const { archiveId } = await upload(h, data);
    const job = async (range: string) => {
      const jobId = await finishedJob(h, {
        Type: 'archive-retrieval',
        ArchiveId: archiveId,
        RetrievalByteRange: range,
        Tier: 'Bulk',
      });
      return { jobId, described: (await h.call('DescribeJob', { ...at, jobId })).output };
    };
    const aligned = await job(`${2 * MiB}-${4 * MiB - 1}`);
    const part = data.subarray(2 * MiB, 4 * MiB);
    expect(aligned.described).toMatchObject({
      RetrievalByteRange: '2097152-4194303',
      SHA256TreeHash: await treeHash(part),
      ArchiveSHA256TreeHash: await treeHash(data),
      ArchiveSizeInBytes: data.length,
      Tier: 'Bulk',
    });
    const got = await h.call('GetJobOutput', { ...at, jobId: aligned.jobId });
    expect(got.output.checksum).toBe(await treeHash(part));
    expectBytes(await readBody(got.output.body), part);

    const tail = await job(`${4 * MiB}-${data.length - 1}`);
    expect(tail.described.SHA256TreeHash).toBe(await treeHash(data.subarray(4 * MiB)));
    // Megabyte aligned, but not a node of the archive's tree: no tree hash.
    const unaligned = await job(`${MiB}-${3 * MiB - 1}`);
    expect(unaligned.described.SHA256TreeHash).toBeUndefined();
    expectBytes(
      await readBody((await h.call('GetJobOutput', { ...at, jobId: unaligned.jobId })).output.body),
      data.subarray(MiB, 3 * MiB),
    );
    for (const range of ['1-1048575', `0-${MiB}`, `0-${data.length}`, 'x', `${MiB}-0`])
      await fails(
        h.call('InitiateJob', {
          ...at,
          jobParameters: { Type: 'archive-retrieval', ArchiveId: archiveId, RetrievalByteRange: range },
        }),
        'InvalidParameterValueException',
        400,
        /RetrievalByteRange/,
      );
  });

  it('answers a range of an archive job output with 206, and its tree hash when aligned', async () => {
    const h = await withVault();
    const data = bytes(3 * MiB + 10);
    const { archiveId } = await upload(h, data);
    const jobId = await finishedJob(h, { Type: 'archive-retrieval', ArchiveId: archiveId });
    const get = (range: string) => h.call('GetJobOutput', { ...at, jobId, range });
    const first = await get(`bytes=0-${MiB - 1}`);
    expect(first.reply.statusCode).toBe(206);
    expect(first.output).toMatchObject({
      status: 206,
      contentRange: `bytes 0-1048575/${data.length}`,
      checksum: await treeHash(data.subarray(0, MiB)),
    });
    expectBytes(await readBody(first.output.body), data.subarray(0, MiB));
    const end = await get(`bytes=${2 * MiB}-`);
    expect(end.output.checksum).toBe(await treeHash(data.subarray(2 * MiB)));
    expect(end.output.contentRange).toBe(`bytes ${2 * MiB}-${data.length - 1}/${data.length}`);
    const odd = await get('bytes=5-99');
    expect(odd.output.checksum).toBeUndefined();
    expectBytes(await readBody(odd.output.body), data.subarray(5, 100));
    for (const range of ['bytes=9-5', `bytes=${data.length}-`, 'items=0-1'])
      await fails(get(range), 'InvalidParameterValueException', 400, /Invalid range/);
  });

  it('lists jobs, filtered by completion and status, a page at a time', async () => {
    const h = await withVault();
    const done = await finishedJob(h, { Type: 'inventory-retrieval' });
    const { output } = await h.call('InitiateJob', { ...at, jobParameters: { Type: 'inventory-retrieval' } });
    const ids = (list: unknown) => (list as Array<{ JobId: string }>).map((j) => j.JobId);
    expect(ids((await h.call('ListJobs', at)).output.JobList)).toEqual([done, output.jobId]);
    expect(ids((await h.call('ListJobs', { ...at, completed: 'true' })).output.JobList)).toEqual([done]);
    expect(ids((await h.call('ListJobs', { ...at, completed: 'false' })).output.JobList)).toEqual([output.jobId]);
    expect(ids((await h.call('ListJobs', { ...at, statuscode: 'InProgress' })).output.JobList)).toEqual([output.jobId]);
    expect(ids((await h.call('ListJobs', { ...at, statuscode: 'Failed' })).output.JobList)).toEqual([]);
    const first = await h.call('ListJobs', { ...at, limit: '1' });
    expect(first.output.Marker).toBe(output.jobId);
    expect(ids((await h.call('ListJobs', { ...at, limit: '1', marker: first.output.Marker })).output.JobList)).toEqual([
      output.jobId,
    ]);
    await fails(h.call('ListJobs', { ...at, completed: 'yes' }), 'InvalidParameterValueException', 400);
    await fails(h.call('ListJobs', { ...at, statuscode: 'Done' }), 'InvalidParameterValueException', 400);
  });

  it('refuses bad job parameters and unknown jobs', async () => {
    const h = await withVault();
    const start = (jobParameters?: Record<string, unknown>, vaultName = 'v') =>
      h.call('InitiateJob', { accountId: '-', vaultName, jobParameters });
    await fails(start(), 'MissingParameterValueException', 400);
    await fails(start({}), 'MissingParameterValueException', 400);
    await fails(start({ Type: 'nope' }), 'InvalidParameterValueException', 400, /Invalid job type/);
    await fails(start({ Type: 'select' }), 'InvalidParameterValueException', 400);
    await fails(start({ Type: 'archive-retrieval' }), 'MissingParameterValueException', 400);
    await fails(
      start({ Type: 'archive-retrieval', ArchiveId: 'nope' }),
      'ResourceNotFoundException',
      404,
      /archive ID/,
    );
    await fails(start({ Type: 'inventory-retrieval' }, 'nope'), 'ResourceNotFoundException', 404);
    await fails(start({ Type: 'inventory-retrieval', Format: 'XML' }), 'InvalidParameterValueException', 400);
    await fails(
      start({ Type: 'inventory-retrieval', InventoryRetrievalParameters: { StartDate: 'soon' } }),
      'InvalidParameterValueException',
      400,
    );
    await fails(
      start({ Type: 'inventory-retrieval', InventoryRetrievalParameters: { Limit: '0' } }),
      'InvalidParameterValueException',
      400,
    );
    await fails(start({ Type: 'inventory-retrieval', Description: '\u00e9' }), 'InvalidParameterValueException', 400);
    const { archiveId } = await upload(h, bytes(1));
    await fails(
      start({ Type: 'archive-retrieval', ArchiveId: archiveId, Tier: 'Fast' }),
      'InvalidParameterValueException',
      400,
      /Tier/,
    );
    for (const op of ['DescribeJob', 'GetJobOutput'])
      await fails(
        h.call(op, { ...at, jobId: 'nope' }),
        'ResourceNotFoundException',
        404,
        'The job ID was not found: nope',
      );
  });
});

describe('glacier account settings', () => {
  it('keeps a data retrieval policy, FreeTier until one is set', async () => {
    const h = harness('glacier', handlers);
    const at = { accountId: '-' };
    expect((await h.call('GetDataRetrievalPolicy', at)).output).toEqual({
      Policy: { Rules: [{ Strategy: 'FreeTier' }] },
    });
    await h.call('SetDataRetrievalPolicy', {
      ...at,
      Policy: { Rules: [{ Strategy: 'BytesPerHour', BytesPerHour: 10737418240 }] },
    });
    expect((await h.call('GetDataRetrievalPolicy', at)).output).toEqual({
      Policy: { Rules: [{ Strategy: 'BytesPerHour', BytesPerHour: 10737418240 }] },
    });
    for (const Rules of [
      [{ Strategy: 'Sometimes' }],
      [{ Strategy: 'BytesPerHour' }],
      [{ Strategy: 'None', BytesPerHour: 5 }],
      [{ Strategy: 'None' }, { Strategy: 'FreeTier' }],
    ])
      await fails(
        h.call('SetDataRetrievalPolicy', { ...at, Policy: { Rules } }),
        'InvalidParameterValueException',
        400,
      );
    await h.call('SetDataRetrievalPolicy', { ...at, Policy: { Rules: [{ Strategy: 'None' }] } });
    expect((await h.call('GetDataRetrievalPolicy', at)).output).toEqual({ Policy: { Rules: [{ Strategy: 'None' }] } });
    await fails(h.call('GetDataRetrievalPolicy', { accountId: '999999999999' }), 'AccessDeniedException', 403);
  });

  it('sells up to two units of provisioned capacity', async () => {
    const h = harness('glacier', handlers);
    const at = { accountId: '-' };
    expect((await h.call('ListProvisionedCapacity', at)).output).toEqual({ ProvisionedCapacityList: [] });
    const { output } = await h.call('PurchaseProvisionedCapacity', at);
    expect(output.capacityId).toMatch(/^[A-Za-z0-9]{24}$/);
    expect((await h.call('ListProvisionedCapacity', at)).output).toEqual({
      ProvisionedCapacityList: [
        {
          CapacityId: output.capacityId,
          StartDate: '2026-12-01T12:00:00.000Z',
          ExpirationDate: '2027-01-01T12:00:00.000Z',
        },
      ],
    });
    await h.call('PurchaseProvisionedCapacity', at);
    await fails(h.call('PurchaseProvisionedCapacity', at), 'LimitExceededException', 400);
    h.clock.now = new Date('2027-01-02T00:00:00Z');
    await h.call('PurchaseProvisionedCapacity', at);
  });
});

describe('Glacier ids', () => {
  it('never start with a dash or underscore, which a command line would read as an option', () => {
    const call = { random: () => 0.999 } as unknown as SandboxCall;
    const id = newId(call, 92);
    expect(id).toHaveLength(92);
    expect(id[0]).toMatch(/[A-Za-z0-9]/);
    expect(id.slice(1)).toMatch(/^_+$/);
  });
});
