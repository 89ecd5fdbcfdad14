import { describe, expect, it } from 'vitest';
import { decodeStartingToken, encodeStartingToken, StartingTokenError } from './starting-token.js';

// Expected strings were produced on this machine with botocore 1.43.11:
//   python3 -c "from botocore.paginate import TokenEncoder; print(TokenEncoder().encode({...}))"
describe('starting tokens as the AWS CLI writes them', () => {
  it.each([
    [
      { NextToken: 'abc/é', boto_truncate_amount: 2 },
      'eyJOZXh0VG9rZW4iOiAiYWJjL1x1MDBlOSIsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDJ9',
    ],
    [{ ExclusiveStartKey: { id: { S: 'x' } } }, 'eyJFeGNsdXNpdmVTdGFydEtleSI6IHsiaWQiOiB7IlMiOiAieCJ9fX0='],
    [
      { Marker: new Uint8Array([0, 255]), Key: { id: { S: 'x' } }, boto_truncate_amount: 3 },
      'eyJNYXJrZXIiOiAiQVA4PSIsICJLZXkiOiB7ImlkIjogeyJTIjogIngifX0sICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDMsICJib3RvX2VuY29kZWRfa2V5cyI6IFtbIk1hcmtlciJdXX0=',
    ],
  ])('%j', (token, expected) => {
    expect(encodeStartingToken(token)).toBe(expected);
    expect(decodeStartingToken(expected)).toEqual(token);
  });

  it('rejects a token that is not one', () => {
    expect(() => decodeStartingToken('not-a-token')).toThrow(StartingTokenError);
    expect(() => decodeStartingToken(btoa('[1]'))).toThrow('Invalid value for --starting-token');
  });
});
