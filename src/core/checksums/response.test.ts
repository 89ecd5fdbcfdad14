import { describe, expect, it } from 'vitest';
import type { Operation } from '../model/types.js';
import { ChecksumMismatchError, expectedChecksum, verifyingStream, withValidationMode } from './response.js';

const GET_OBJECT = {
  httpChecksum: { requestValidationModeMember: 'ChecksumMode', responseAlgorithms: ['CRC32', 'SHA256', 'XXHASH3'] },
} as unknown as Operation;
const PLAIN = {} as Operation;

describe('response checksums', () => {
  it('sets the validation-mode member unless told when_required, the operation has none, or it was given', () => {
    expect(withValidationMode(GET_OBJECT, { Key: 'k' })).toEqual({ Key: 'k', ChecksumMode: 'ENABLED' });
    expect(withValidationMode(GET_OBJECT, { Key: 'k' }, 'when_required')).toEqual({ Key: 'k' });
    expect(withValidationMode(PLAIN, { Key: 'k' })).toEqual({ Key: 'k' });
    expect(withValidationMode(GET_OBJECT, { ChecksumMode: 'X' })).toEqual({ ChecksumMode: 'X' });
  });

  it('checks only when the member was sent, with an algorithm the operation names and isoaws computes', () => {
    const headers = { 'x-amz-checksum-crc32': 'DUoRhQ==', 'x-amz-checksum-xxhash3': 'x' };
    expect(expectedChecksum(GET_OBJECT, {}, headers)).toBeUndefined();
    expect(expectedChecksum(GET_OBJECT, { ChecksumMode: 'ENABLED' }, headers)).toEqual({
      algorithm: 'CRC32',
      value: 'DUoRhQ==',
    });
    expect(expectedChecksum(GET_OBJECT, { ChecksumMode: 'ENABLED' }, { 'x-amz-checksum-crc32c': 'y' })).toBeUndefined();
  });

  it('passes the chunks through and fails at the end of a stream that does not match', async () => {
    const chunks = async function* () {
      yield new TextEncoder().encode('hello ');
      yield new TextEncoder().encode('world');
    };
    const seen: string[] = [];
    for await (const c of verifyingStream({ algorithm: 'CRC32', value: 'DUoRhQ==' }, chunks()))
      seen.push(new TextDecoder().decode(c));
    expect(seen).toEqual(['hello ', 'world']);
    const read = async () => {
      for await (const _ of verifyingStream({ algorithm: 'CRC32', value: 'AAAAAA==' }, chunks()));
    };
    await expect(read()).rejects.toThrow(ChecksumMismatchError);
  });
});
