import { describe, expect, it } from 'vitest';
import { createMemoryFs } from '../../adapters/web/fs.js';
import { createUploadRecords, settingsFingerprint } from './upload-records.js';

describe('upload records', () => {
  it('fingerprints the settings whatever their order, and tells any change apart', async () => {
    const base = await settingsFingerprint('b', 'k', 8, { ACL: 'private', Metadata: { a: '1', b: '2' } });
    expect(await settingsFingerprint('b', 'k', 8, { Metadata: { b: '2', a: '1' }, ACL: 'private' })).toBe(base);
    for (const other of [
      settingsFingerprint('b', 'k', 8, { ACL: 'public-read', Metadata: { a: '1', b: '2' } }),
      settingsFingerprint('b', 'k', 8, { ACL: 'private', Metadata: { a: '1' } }),
      settingsFingerprint('b', 'k', 16, { ACL: 'private', Metadata: { a: '1', b: '2' } }),
      settingsFingerprint('b', 'k2', 8, { ACL: 'private', Metadata: { a: '1', b: '2' } }),
      settingsFingerprint('b', 'k', 8, {
        ACL: 'private',
        Metadata: { a: '1', b: '2' },
        ServerSideEncryption: 'AES256',
      }),
    ])
      expect(await other).not.toBe(base);
  });

  it('keeps a record held by the run working on it, and forgets it when the upload ends', async () => {
    const fs = createMemoryFs();
    const records = createUploadRecords(fs, '/home/u/.isoaws/uploads');
    expect(await records.any('b', 'k')).toBe(false);
    const mine = await records.begin('b', 'k', 'U1', 'f1');
    expect(await records.any('b', 'k')).toBe(true);
    expect(await records.any('b', 'other')).toBe(false);
    expect(await records.take('b', 'k', 'U1')).toBeUndefined();
    expect(await records.take('b', 'k', 'U2')).toBeUndefined();
    await mine.forget();
    expect(await records.any('b', 'k')).toBe(false);
  });
});
