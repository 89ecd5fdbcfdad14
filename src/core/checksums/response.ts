/**
 * Response checksums as botocore 1.43 checks them (`response_checksum_validation`): an operation whose
 * model names a validation-mode member (S3 GetObject's ChecksumMode) gets it set to ENABLED unless the
 * setting is `when_required`, and when the member was sent, the body is checked against the first
 * `x-amz-checksum-<algorithm>` header of the algorithms the operation names that isoaws computes, in
 * botocore's order of preference. A checksum with a `-<n>` suffix (S3's checksum of a multipart object's
 * part checksums) is not one of the body and is left alone, as botocore leaves it. A streamed body is
 * checked as it ends, so a reader sees the mismatch as the stream's error.
 */
import type { Operation } from '../model/types.js';
import { toBase64 } from '../protocols/shared.js';
import { IsoawsError } from '../errors.js';
import { createChecksum, type ChecksumAlgorithm, type NativeCrc32 } from './request.js';

export type ChecksumValidation = 'when_supported' | 'when_required';

/** botocore's _ALGORITHMS_PRIORITY_LIST, less the ones isoaws does not compute (xxHash, SHA-512). */
const PREFERENCE: readonly ChecksumAlgorithm[] = ['CRC64NVME', 'CRC32C', 'CRC32', 'SHA1', 'SHA256'];

/** A body whose bytes do not give the checksum the service sent (botocore's FlexibleChecksumError). */
export class ChecksumMismatchError extends IsoawsError {
  override name = 'ChecksumMismatchError';
}

/** The input with the validation-mode member set to ENABLED, where the operation has one and the setting asks for it. */
export function withValidationMode(
  operation: Operation,
  input: Record<string, unknown>,
  setting: ChecksumValidation = 'when_supported',
): Record<string, unknown> {
  const member = operation.httpChecksum?.requestValidationModeMember;
  if (!member || setting === 'when_required' || input[member] !== undefined) return input;
  return { ...input, [member]: 'ENABLED' };
}

/** The checksum to check the response body against, when the request asked for one and the response has one. */
export function expectedChecksum(
  operation: Operation,
  input: Record<string, unknown>,
  headers: Readonly<Record<string, string>>,
): { algorithm: ChecksumAlgorithm; value: string } | undefined {
  const trait = operation.httpChecksum;
  const member = trait?.requestValidationModeMember;
  if (!member || input[member] === undefined) return undefined;
  const offered = new Set((trait.responseAlgorithms ?? []).map((a) => a.toUpperCase()));
  for (const algorithm of PREFERENCE) {
    if (!offered.has(algorithm)) continue;
    const value = headers[`x-amz-checksum-${algorithm.toLowerCase()}`];
    if (value === undefined) continue;
    if (value.includes('-')) continue;
    return { algorithm, value };
  }
  return undefined;
}

/** Checks bytes already read whole. */
export async function verifyBytes(
  expected: { algorithm: ChecksumAlgorithm; value: string },
  body: Uint8Array,
  native?: NativeCrc32,
): Promise<void> {
  const checksum = await createChecksum(expected.algorithm, native);
  checksum.update(body);
  check(expected.value, toBase64(checksum.digest()));
}

/** The stream's chunks as they come, hashed; its end throws when the checksum is not the one expected. */
export async function* verifyingStream(
  expected: { algorithm: ChecksumAlgorithm; value: string },
  body: AsyncIterable<Uint8Array>,
  native?: NativeCrc32,
): AsyncGenerator<Uint8Array> {
  const checksum = await createChecksum(expected.algorithm, native);
  for await (const chunk of body) {
    checksum.update(chunk);
    yield chunk;
  }
  check(expected.value, toBase64(checksum.digest()));
}

function check(expected: string, calculated: string): void {
  if (calculated !== expected)
    throw new ChecksumMismatchError(`Expected checksum ${expected} did not match calculated checksum: ${calculated}`);
}
