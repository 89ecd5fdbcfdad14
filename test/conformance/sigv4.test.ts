/**
 * The AWS SigV4 test suite (test/fixtures/sigv4): every case's raw `.req` is signed with the suite's
 * fixed inputs and each stage is compared: canonical request (`.creq`), string to sign (`.sts`),
 * Authorization (`.authz`) and the signed request (`.sreq`). Cases or stages we cannot pass are listed in
 * sigv4-ignore.json with a reason; the summary prints the counts. Table tests then cover what the suite
 * does not: S3's path and payload rules, session tokens, presigned URLs, anonymous requests and the hash seam.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  UNSIGNED_PAYLOAD,
  presignUrl,
  presignWithStages,
  signRequest,
  signWithStages,
  signingKeySteps,
  shownSigningKey,
  parseRawRequest,
  type SignableRequest,
  type SigningCredentials,
} from '../../src/core/signing/index.js';
import type { Sha256Constructor } from '../../src/core/host.js';
import { getHeader } from '../../src/core/headers.js';
import { webCryptoSha256 } from '../../src/adapters/web/sha256.js';
import { caseDirs, FIXTURES } from './fixtures.js';

const ROOT = join(FIXTURES, 'sigv4');
const IGNORE_FILE = JSON.parse(readFileSync(new URL('./sigv4-ignore.json', import.meta.url), 'utf8'));
/** Whole cases, and single stages (`<case>.<ext>`) whose expected file is wrong upstream. */
const IGNORE: Record<string, string> = IGNORE_FILE.cases;
const IGNORE_STAGES: Record<string, string> = IGNORE_FILE.stages;

// The suite's fixed inputs (every .authz and .sts names them; the secret is the one AWS documents for it).
const SUITE = {
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
  region: 'us-east-1',
  service: 'service',
  now: new Date('2015-08-30T12:36:00Z'),
};

const tally = { passed: 0, ignored: 0, stagesIgnored: 0, total: 0 };

/** A `Sha256Constructor` over node:crypto, as a Node host would inject it. */
const NodeSha256: Sha256Constructor = class {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
};

function toBytes(data: string | ArrayBuffer | ArrayBufferView): Uint8Array {
  if (typeof data === 'string') return new TextEncoder().encode(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}

// Each hash a signer may use: the portable one it loads itself, node:crypto's and WebCrypto's (as the
// Node and web hosts pass them). The tally counts the portable run.
const HASHERS: Array<[string, Sha256Constructor | undefined]> = [
  ['portable hash', undefined],
  ['node:crypto', NodeSha256],
  ['WebCrypto', webCryptoSha256()],
];

describe.each(HASHERS)('AWS SigV4 test suite (%s)', (hasher, sha256) => {
  const counted = hasher === 'portable hash';
  for (const dir of caseDirs(ROOT)) {
    const name = relative(ROOT, dir);
    const reason = IGNORE[name];
    if (counted) tally.total++;
    if (reason) {
      if (counted) tally.ignored++;
      it.skip(`${name} (ignored: ${reason})`, () => {});
      continue;
    }
    it(name, async () => {
      const base = join(dir, name.split('/').pop()!);
      const read = (ext: string) => readFileSync(`${base}.${ext}`, 'utf8');
      const req = parseRawRequest(read('req'));
      const expectedCreq = read('creq');
      const signedReq = parseRawRequest(read('sreq'));
      // The token is signed when the canonical request lists it; otherwise (post-sts-header-after) the
      // suite adds it to the request after signing.
      const signedToken = /^x-amz-security-token:(.*)$/m.exec(expectedCreq)?.[1];
      const laterToken = signedToken === undefined ? getHeader(signedReq.headers, 'x-amz-security-token') : undefined;
      const credentials: SigningCredentials = { ...SUITE.credentials, sessionToken: signedToken };

      const { request, stages } = await signWithStages(req, { ...SUITE, credentials, sha256 });
      expect(stages.canonicalRequest).toBe(expectedCreq);
      expect(stages.stringToSign).toBe(read('sts'));
      expect(request.headers.authorization).toBe(read('authz'));

      const sent = lowerKeys(
        laterToken === undefined ? request.headers : { ...request.headers, 'x-amz-security-token': laterToken },
      );
      const expectedSent = lowerKeys(signedReq.headers);
      if (IGNORE_STAGES[`${name}.sreq`]) {
        if (counted) tally.stagesIgnored++;
        delete sent.authorization;
        delete expectedSent.authorization;
      }
      expect(sent).toEqual(expectedSent);
      expect(request.url).toBe(signedReq.url);
      expect(request.body).toEqual(signedReq.body);
      if (counted) tally.passed++;
    });
  }
});

afterAll(() => {
  console.log(
    `sigv4 suite: ${tally.passed} passed, ${tally.ignored} ignored, ${tally.total} cases` +
      ` (${tally.stagesIgnored} .sreq Authorization ignored, see sigv4-ignore.json)`,
  );
});

const CREDS = SUITE.credentials;
const NOW = SUITE.now;

describe('the signing key chain the playground shows', () => {
  it("derives AWS's documented example signing key (iam, 20150830, us-east-1)", async () => {
    const steps = await signingKeySteps(CREDS.secretAccessKey, '20150830', 'us-east-1', 'iam');
    expect(steps).toHaveLength(4);
    expect(steps[3]).toBe('c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9');
    // As shown: the same chain, read from the credential scope and cut short.
    expect(await shownSigningKey(CREDS.secretAccessKey, '20150830/us-east-1/iam/aws4_request')).toEqual(
      steps.map((hex) => `${hex.slice(0, 8)}…`),
    );
  });

  it('ends in the key that made each suite signature', async () => {
    for (const dir of caseDirs(ROOT).filter((d) => !IGNORE[relative(ROOT, d)])) {
      const base = join(dir, dir.split('/').pop()!);
      const stringToSign = readFileSync(`${base}.sts`, 'utf8');
      const steps = await signingKeySteps(CREDS.secretAccessKey, '20150830', SUITE.region, SUITE.service);
      const signature = createHmac('sha256', Buffer.from(steps[3]!, 'hex')).update(stringToSign).digest('hex');
      expect(readFileSync(`${base}.authz`, 'utf8')).toContain(`Signature=${signature}`);
    }
  });
});

describe('S3 signing rules', () => {
  it('signs the path as sent: no normalisation, no second encoding', async () => {
    const { stages } = await signWithStages(
      { method: 'GET', url: 'https://bucket.s3.amazonaws.com/a//b/../c/%2E%2E/d%20e', headers: {} },
      { credentials: CREDS, region: 'us-east-1', service: 's3', now: NOW, s3: true },
    );
    expect(stages.canonicalRequest.split('\n')[1]).toBe('/a//b/../c/%2E%2E/d%20e');
  });

  it('normalises and double-encodes the path of other services', async () => {
    const { stages } = await signWithStages(
      { method: 'GET', url: 'https://example.amazonaws.com/a//b/../c/./d%20e', headers: {} },
      { credentials: CREDS, region: 'us-east-1', service: 'service', now: NOW },
    );
    expect(stages.canonicalRequest.split('\n')[1]).toBe('/a/c/d%2520e');
  });

  it('always sends X-Amz-Content-SHA256 with the body hash', async () => {
    const signed = await signRequest(
      {
        method: 'PUT',
        url: 'https://bucket.s3.amazonaws.com/key',
        headers: {},
        body: new TextEncoder().encode('hello'),
      },
      { credentials: CREDS, region: 'us-east-1', service: 's3', now: NOW, s3: true },
    );
    expect(signed.headers['x-amz-content-sha256']).toBe(
      '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
    );
    expect(signed.headers.authorization).toContain('SignedHeaders=host;x-amz-content-sha256;x-amz-date,');
  });

  it('sends and signs UNSIGNED-PAYLOAD when asked, without reading a streamed body', async () => {
    const body = (async function* () {
      throw new Error('the signer must not read a stream');
    })();
    const { request, stages } = await signWithStages(
      { method: 'PUT', url: 'https://bucket.s3.amazonaws.com/key', headers: {}, body },
      { credentials: CREDS, region: 'us-east-1', service: 's3', now: NOW, s3: true, payloadHash: UNSIGNED_PAYLOAD },
    );
    expect(request.headers['x-amz-content-sha256']).toBe(UNSIGNED_PAYLOAD);
    expect(stages.canonicalRequest.endsWith('\nUNSIGNED-PAYLOAD')).toBe(true);
    expect(request.body).toBe(body);
  });

  it('refuses a streamed body without a payload hash', async () => {
    const body = new Blob(['x']);
    await expect(
      signRequest(
        { method: 'PUT', url: 'https://example.amazonaws.com/', headers: {}, body },
        { credentials: CREDS, region: 'us-east-1', service: 'service', now: NOW },
      ),
    ).rejects.toThrow(/payload hash/);
  });

  it('matches botocore for an S3 PutObject (headers it signs, headers it leaves out)', async () => {
    // Expected value produced with botocore 1.43.11: S3SigV4Auth(credentials, 's3', 'us-east-1').add_auth() on an
    // AWSRequest with these headers (minus the two amz-sdk-* ones botocore adds after signing) and body,
    // datetime frozen at 2015-08-30T12:36:00Z.
    const signed = await signRequest(
      {
        method: 'PUT',
        url: 'https://examplebucket.s3.amazonaws.com/photos/a%20b%2Bc.jpg?x-id=PutObject',
        headers: {
          'Content-Type': 'image/jpeg',
          'User-Agent': 'isoaws',
          Expect: '100-continue',
          'Cache-Control': 'no-cache',
          'amz-sdk-invocation-id': 'abc',
          'amz-sdk-request': 'attempt=1; max=3',
        },
        body: 'hello',
      },
      { credentials: CREDS, region: 'us-east-1', service: 's3', now: NOW, s3: true },
    );
    expect(signed.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/s3/aws4_request, ' +
        'SignedHeaders=cache-control;content-type;host;x-amz-content-sha256;x-amz-date, ' +
        'Signature=bf526748f23573d6d33a9ee7546ba2ba4684e5a06fdabaecf6e8ef78798f775e',
    );
  });
});

describe('session tokens', () => {
  it('signs X-Amz-Security-Token as a header', async () => {
    const signed = await signRequest(
      { method: 'GET', url: 'https://example.amazonaws.com/', headers: { 'X-Amz-Security-Token': 'stale' } },
      { credentials: { ...CREDS, sessionToken: 'TOKEN' }, region: 'us-east-1', service: 'service', now: NOW },
    );
    expect(signed.headers).toMatchObject({ 'x-amz-security-token': 'TOKEN' });
    expect(Object.keys(signed.headers).filter((k) => k.toLowerCase() === 'x-amz-security-token')).toHaveLength(1);
    expect(signed.headers.authorization).toContain('SignedHeaders=host;x-amz-date;x-amz-security-token,');
  });
});

describe('presigned URLs', () => {
  // Expected URLs produced with botocore 1.43.11 (python3 on this machine): a session with these
  // credentials, Config(signature_version='s3v4'), datetime frozen at 2015-08-30T12:36:00Z, then
  // client.generate_presigned_url(...) with the operation and parameters named in each case.
  it('GetObject, 24 hours (us-west-2 client, key "a b/c~d+e.txt")', async () => {
    const url = await presignUrl(
      { method: 'GET', url: 'https://examplebucket.s3.amazonaws.com/a%20b/c~d%2Be.txt', headers: {} },
      { credentials: CREDS, region: 'us-west-2', service: 's3', now: NOW, s3: true, expiresIn: 86400 },
    );
    expect(url).toBe(
      'https://examplebucket.s3.amazonaws.com/a%20b/c~d%2Be.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
        '&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-west-2%2Fs3%2Faws4_request&X-Amz-Date=20150830T123600Z' +
        '&X-Amz-Expires=86400&X-Amz-SignedHeaders=host' +
        '&X-Amz-Signature=1e02f91f4b02d09d7fd25b1e0242b811e3560aac12a73e24173f8de0debcd0cf',
    );
  });

  it('PutObject with ContentType: the header stays a header and is signed (default expiry)', async () => {
    const url = await presignUrl(
      { method: 'PUT', url: 'https://examplebucket.s3.amazonaws.com/k', headers: { 'Content-Type': 'text/plain' } },
      { credentials: CREDS, region: 'us-west-2', service: 's3', now: NOW, s3: true },
    );
    expect(url).toBe(
      'https://examplebucket.s3.amazonaws.com/k?X-Amz-Algorithm=AWS4-HMAC-SHA256' +
        '&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-west-2%2Fs3%2Faws4_request&X-Amz-Date=20150830T123600Z' +
        '&X-Amz-Expires=3600&X-Amz-SignedHeaders=content-type%3Bhost' +
        '&X-Amz-Signature=a7eca3cbf36421546b110aece1542333c24bec2c8cdb0e3656361d7c13a4a9f2',
    );
  });

  it('GetObject with VersionId and a session token (us-east-1)', async () => {
    const url = await presignUrl(
      { method: 'GET', url: 'https://examplebucket.s3.amazonaws.com/test.txt?versionId=v1', headers: {} },
      {
        credentials: { ...CREDS, sessionToken: 'SESSIONTOKEN/+=' },
        region: 'us-east-1',
        service: 's3',
        now: NOW,
        s3: true,
      },
    );
    expect(url).toBe(
      'https://examplebucket.s3.amazonaws.com/test.txt?versionId=v1&X-Amz-Algorithm=AWS4-HMAC-SHA256' +
        '&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20150830T123600Z' +
        '&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Security-Token=SESSIONTOKEN%2F%2B%3D' +
        '&X-Amz-Signature=f3239ce3998e64936ed6366f808fb276630d99eac1eddd4d126e933167cd3c20',
    );
  });

  it('RDS IAM auth token: another service, a port in the host, normalised path', async () => {
    // botocore 1.43.11: rds client (us-west-2), generate_db_auth_token(host, 3306, 'jane_doe'), which
    // presigns this URL for 900 s as rds-db and returns it without its `https://`.
    const url = await presignUrl(
      {
        method: 'GET',
        url: 'https://mydb.123456789012.us-west-2.rds.amazonaws.com:3306/?Action=connect&DBUser=jane_doe',
        headers: {},
      },
      { credentials: CREDS, region: 'us-west-2', service: 'rds-db', now: NOW, expiresIn: 900 },
    );
    expect(url).toBe(
      'https://mydb.123456789012.us-west-2.rds.amazonaws.com:3306/?Action=connect&DBUser=jane_doe' +
        '&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-west-2%2Frds-db%2Faws4_request' +
        '&X-Amz-Date=20150830T123600Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host' +
        '&X-Amz-Signature=224924d2b41e4442a8db7940258809d848e1cd0e3865de14c20656855d8ff6d7',
    );
  });

  it('signs UNSIGNED-PAYLOAD for S3', async () => {
    const { stages } = await presignWithStages(
      { method: 'GET', url: 'https://examplebucket.s3.amazonaws.com/k', headers: {} },
      { credentials: CREDS, region: 'us-east-1', service: 's3', now: NOW, s3: true },
    );
    expect(stages.canonicalRequest.split('\n').pop()).toBe(UNSIGNED_PAYLOAD);
  });

  it.each([0, 604_801, 1.5])('rejects an expiry of %s seconds', async (expiresIn) => {
    await expect(
      presignUrl(
        { method: 'GET', url: 'https://b.s3.amazonaws.com/k', headers: {} },
        { credentials: CREDS, region: 'us-east-1', service: 's3', now: NOW, s3: true, expiresIn },
      ),
    ).rejects.toThrow(/ExpiresIn/);
  });

  it('accepts the one-week maximum', async () => {
    const url = await presignUrl(
      { method: 'GET', url: 'https://b.s3.amazonaws.com/k', headers: {} },
      { credentials: CREDS, region: 'us-east-1', service: 's3', now: NOW, s3: true, expiresIn: 604_800 },
    );
    expect(url).toContain('X-Amz-Expires=604800&');
  });
});

describe('anonymous requests', () => {
  it('adds no Authorization, date or payload header', async () => {
    const req: SignableRequest = {
      method: 'GET',
      url: 'https://bucket.s3.amazonaws.com/k',
      headers: { Accept: '*/*' },
    };
    const signed = await signRequest(req, {
      credentials: null,
      region: 'us-east-1',
      service: 's3',
      now: NOW,
      s3: true,
    });
    expect(signed).toEqual(req);
    expect(signed.headers).not.toBe(req.headers);
  });

  it('leaves a presigned URL unsigned', async () => {
    const url = await presignUrl(
      { method: 'GET', url: 'https://bucket.s3.amazonaws.com/k', headers: {} },
      { credentials: null, region: 'us-east-1', service: 's3', now: NOW, s3: true },
    );
    expect(url).toBe('https://bucket.s3.amazonaws.com/k');
  });
});

describe('hash seam', () => {
  it('gives the same signature with node:crypto injected', async () => {
    const req: SignableRequest = {
      method: 'POST',
      url: 'https://example.amazonaws.com/',
      headers: {},
      body: 'Param1=value1',
    };
    const opts = { credentials: CREDS, region: 'us-east-1', service: 'service', now: NOW };
    const plain = await signRequest(req, opts);
    const fast = await signRequest(req, { ...opts, sha256: NodeSha256 });
    expect(fast.headers.authorization).toBe(plain.headers.authorization);
  });
});

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v.replace(/^ /, '')]));
}
