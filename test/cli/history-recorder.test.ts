/**
 * The command history's recording (`cli_history = enabled`): which commands are recorded, what each
 * record holds for the query, JSON, REST-XML and EC2 protocols — parameters, requests with the signature
 * cut as `history show` prints it, responses, botocore's parsed form, retries and pages, streaming
 * payloads — that secrets the engine hides stay hidden, and that a history that cannot be written
 * never changes what the command does.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { startRecording } from '../../src/cli/history/recorder.js';
import { commandFiles, readCommand, type HistoryRecord } from '../../src/cli/history/store.js';
import type { CommandEvent } from '../../src/cli/context.js';
import type { HttpResponse } from '../../src/core/host.js';
import { PyFloat } from '../../src/cli/output/py-values.js';
import { createMemoryHost, reply, type MemoryHost, type Responder } from '../support/memory-host.js';

const ENV = {
  AWS_ACCESS_KEY_ID: 'AKIDHISTORY',
  AWS_SECRET_ACCESS_KEY: 'history-secret-key',
  AWS_DEFAULT_REGION: 'us-east-1',
};
const ENABLED = '[default]\ncli_history = enabled\n';
const IDENTITY =
  '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/ada</Arn><UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>body-request-id</RequestId></ResponseMetadata></GetCallerIdentityResponse>';

/** A memory host whose clock moves on a millisecond a look and whose random numbers differ. */
async function hostWith(responder: Responder, config: string | null = ENABLED, env: Record<string, string> = {}) {
  const host = createMemoryHost(responder, { env: { ...ENV, ...env } });
  let t = Date.UTC(2025, 11, 6, 5, 13, 55);
  let seed = 7;
  host.now = () => new Date(t++);
  host.random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  if (config !== null) await host.fs.writeFile('/home/test/.aws/config', config);
  return host;
}

async function history(host: MemoryHost): Promise<HistoryRecord[][]> {
  const files = (await commandFiles(host)) ?? [];
  return Promise.all(files.map(async (f) => (await readCommand(host, f.path)).records));
}

const types = (records: HistoryRecord[]) => records.map((r) => `${r.event_type}${r.call === undefined ? '' : r.call}`);
const payloadOf = (records: HistoryRecord[], type: string, n = 0) =>
  records.filter((r) => r.event_type === type)[n]!.payload as Record<string, unknown>;
const xml = (body: string, status = 200, headers: Record<string, string> = {}) =>
  reply(status, body, { 'content-type': 'text/xml', ...headers });
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  reply(status, JSON.stringify(body), { 'content-type': 'application/x-amz-json-1.0', ...headers });

describe('what is recorded', () => {
  it('records a modeled call: arguments, parameters, request, response, its parsed form and the exit code', async () => {
    const host = await hostWith(() => xml(IDENTITY, 200, { 'x-amzn-requestid': 'header-request-id' }));
    const plain = await hostWith(() => xml(IDENTITY), null);
    expect(await runCli(['sts', 'get-caller-identity'], host)).toBe(0);
    expect(await runCli(['sts', 'get-caller-identity'], plain)).toBe(0);
    // Recording changes nothing the command prints.
    expect([host.out.join(''), host.err.join('')]).toEqual([plain.out.join(''), '']);
    expect(await commandFiles(plain)).toBeUndefined();

    const [records] = await history(host);
    expect(types(records!)).toEqual([
      'CLI_VERSION',
      'CLI_ARGUMENTS',
      'API_CALL0',
      'HTTP_REQUEST0',
      'HTTP_RESPONSE0',
      'PARSED_RESPONSE0',
      'CLI_RC',
    ]);
    expect(records![0]!.payload).toMatch(/^isoaws\/\d+\.\d+\.\d+/);
    expect(records![1]!.payload).toEqual(['sts', 'get-caller-identity']);
    expect(payloadOf(records!, 'API_CALL')).toEqual({ service: 'sts', operation: 'GetCallerIdentity', params: {} });
    const request = payloadOf(records!, 'HTTP_REQUEST');
    const sent = host.requests[0]!;
    expect(request).toMatchObject({
      method: 'POST',
      url: 'https://sts.us-east-1.amazonaws.com/',
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
      streaming: false,
    });
    // The signature as `history show` prints it: its first four digits, never the whole.
    const signature = /Signature=([0-9a-f]{64})/.exec(sent.headers.authorization!)![1]!;
    const headers = request.headers as Record<string, string>;
    expect(headers.authorization).toBe(sent.headers.authorization!.replace(signature, `${signature.slice(0, 4)}...`));
    expect(headers['x-amz-date']).toBe(sent.headers['x-amz-date']);
    expect(payloadOf(records!, 'HTTP_RESPONSE')).toEqual({
      status_code: 200,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': 'header-request-id' },
      body: IDENTITY,
      streaming: false,
    });
    // Query: the request id is the body's, as botocore's QueryParser reads it.
    expect(payloadOf(records!, 'PARSED_RESPONSE')).toEqual({
      Arn: 'arn:aws:iam::123456789012:user/ada',
      UserId: 'AIDA',
      Account: '123456789012',
      ResponseMetadata: {
        RequestId: 'body-request-id',
        HTTPStatusCode: 200,
        HTTPHeaders: { 'content-type': 'text/xml', 'x-amzn-requestid': 'header-request-id' },
      },
    });
    expect(records!.at(-1)).toMatchObject({ event_type: 'CLI_RC', payload: 0 });
    const times = records!.map((r) => r.timestamp);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const [file] = (await commandFiles(host))!;
    expect((await host.fs.stat(file!.path))!.mode).toBe(0o600);
    expect(file!.path).toMatch(
      /^\/home\/test\/\.aws\/cli\/history\/isoaws\/\d{13}-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.json$/,
    );
  });

  it('keeps no secret the engine hides: session token, secret key, whole signature, sensitive parameters', async () => {
    const host = await hostWith(() => xml('<CreateLoginProfileResponse/>'), ENABLED, { AWS_SESSION_TOKEN: 'tok-9876' });
    const argv = ['iam', 'create-login-profile', '--user-name', 'u', '--password', 'hunter2-password'];
    expect(await runCli(argv, host)).toBe(0);
    const [records] = await history(host);
    const text = new TextDecoder().decode(await host.fs.readFile((await commandFiles(host))![0]!.path));
    for (const secret of ['tok-9876', 'history-secret-key']) expect(text).not.toContain(secret);
    // The password is in the arguments as typed, which the CLI keeps too, and nowhere else.
    expect(text.split('hunter2-password')).toHaveLength(2);
    expect(text).not.toMatch(/Signature=[0-9a-f]{5}/);
    expect((payloadOf(records!, 'HTTP_REQUEST').headers as Record<string, string>)['x-amz-security-token']).toBe(
      'REDACTED',
    );
    expect(payloadOf(records!, 'API_CALL').params).toEqual({
      UserName: 'u',
      Password: '*** Sensitive Data Redacted ***',
    });
    // The arguments are kept as typed, as the CLI keeps them.
    expect(records![1]!.payload).toEqual(argv);
  });

  it.each([
    ['no cli_history setting', '[default]\nregion = us-east-1\n', ['sts', 'get-caller-identity']],
    ['cli_history = disabled', '[default]\ncli_history = disabled\n', ['sts', 'get-caller-identity']],
    ['another profile enabled', '[profile dev]\ncli_history = enabled\n', ['sts', 'get-caller-identity']],
    ['the history command itself', ENABLED, ['history', 'list']],
    ['--version', ENABLED, ['--version']],
    ['no command', ENABLED, []],
    ['a profile no file has', ENABLED, ['--profile', 'nope', 'sts', 'get-caller-identity']],
  ])('records nothing with %s', async (_, config, argv) => {
    const host = await hostWith(() => xml(IDENTITY), config);
    await runCli(argv, host);
    expect(await commandFiles(host)).toBeUndefined();
  });

  it('records for the profile the command runs with, and a usage error with its exit code', async () => {
    const keys = 'aws_access_key_id = AKIDDEV\naws_secret_access_key = dev-secret\n';
    const host = await hostWith(() => xml(IDENTITY), `[profile dev]\ncli_history = enabled\n${keys}`);
    expect(await runCli(['--profile', 'dev', 'sts', 'get-caller-identity'], host)).toBe(0);
    expect(await runCli(['--profile', 'dev', 'sts', 'get-caller-identiy'], host)).toBe(252);
    const commands = await history(host);
    expect(commands.map(types)).toEqual([
      ['CLI_VERSION', 'CLI_ARGUMENTS', 'API_CALL0', 'HTTP_REQUEST0', 'HTTP_RESPONSE0', 'PARSED_RESPONSE0', 'CLI_RC'],
      ['CLI_VERSION', 'CLI_ARGUMENTS', 'CLI_RC'],
    ]);
    expect(commands[1]!.at(-1)!.payload).toBe(252);
  });

  it('still tells the caller’s own observer everything', async () => {
    const host = await hostWith(() => xml(IDENTITY));
    const seen: string[] = [];
    await runCli(['sts', 'get-caller-identity'], host, { observe: (e) => seen.push(e.kind) });
    expect(seen).toEqual(expect.arrayContaining(['call', 'endpoint', 'signing', 'request', 'response', 'result']));
    expect(await history(host)).toHaveLength(1);
  });

  it('warns when the history cannot be written, and the command ends as it would', async () => {
    const host = await hostWith(() => xml(IDENTITY));
    const write = host.fs.writeFile;
    host.fs.writeFile = async (path, data, opts) => {
      if (path.includes('/.aws/cli/history/')) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      return write(path, data, opts);
    };
    expect(await runCli(['sts', 'get-caller-identity'], host)).toBe(0);
    expect(host.out.join('')).toContain('"Account": "123456789012"');
    expect(host.err.join('')).toBe(
      'Warning: Unable to record CLI history. Check file permissions for /home/test/.aws/cli/history/isoaws\n',
    );
  });
});

describe('each protocol’s parsed response, as botocore lays it out', () => {
  it('JSON: an error with its modeled members beside it, then a retry, in one call', async () => {
    const answers: HttpResponse[] = [
      json({ __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'boom' }, 500, {
        'x-amzn-requestid': 'r1',
      }),
      json({ TableNames: ['music'] }, 200, { 'x-amzn-requestid': 'r2' }),
    ];
    const host = await hostWith((_, i) => answers[i]!);
    expect(await runCli(['dynamodb', 'list-tables', '--no-paginate'], host)).toBe(0);
    const [records] = await history(host);
    expect(types(records!)).toEqual([
      'CLI_VERSION',
      'CLI_ARGUMENTS',
      'API_CALL0',
      'HTTP_REQUEST0',
      'HTTP_RESPONSE0',
      'PARSED_RESPONSE0',
      'HTTP_REQUEST0',
      'HTTP_RESPONSE0',
      'PARSED_RESPONSE0',
      'CLI_RC',
    ]);
    const headers = (status: number, id: string) => ({
      HTTPStatusCode: status,
      HTTPHeaders: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': id },
      RequestId: id,
    });
    expect(payloadOf(records!, 'PARSED_RESPONSE', 0)).toEqual({
      Error: { Code: 'InternalServerError', Message: 'boom' },
      message: 'boom',
      ResponseMetadata: headers(500, 'r1'),
    });
    expect(payloadOf(records!, 'PARSED_RESPONSE', 1)).toEqual({
      TableNames: ['music'],
      ResponseMetadata: headers(200, 'r2'),
    });
    expect(payloadOf(records!, 'HTTP_REQUEST', 1).body).toBe('{}');
  });

  it('REST-XML: a streaming output is not kept, and its parsed headers are; S3 ids from the headers', async () => {
    const host = await hostWith(() =>
      reply(200, 'object body', {
        'content-length': '11',
        'content-type': 'text/plain',
        etag: '"abc"',
        'last-modified': 'Sat, 06 Dec 2025 05:13:55 GMT',
        'x-amz-meta-colour': 'blue',
        'x-amz-request-id': 'rid',
        'x-amz-id-2': 'hid',
      }),
    );
    expect(await runCli(['s3api', 'get-object', '--bucket', 'b', '--key', 'k', '/out.txt'], host)).toBe(0);
    const [records] = await history(host);
    expect(payloadOf(records!, 'HTTP_REQUEST')).toMatchObject({ method: 'GET', body: null, streaming: false });
    expect(payloadOf(records!, 'HTTP_RESPONSE')).toMatchObject({ body: '<streaming body>', streaming: true });
    expect(payloadOf(records!, 'PARSED_RESPONSE')).toMatchObject({
      Body: '<streaming body>',
      ContentLength: 11,
      ContentType: 'text/plain',
      ETag: '"abc"',
      LastModified: '2025-12-06T05:13:55+00:00',
      Metadata: { colour: 'blue' },
      ResponseMetadata: { RequestId: 'rid', HostId: 'hid', HTTPStatusCode: 200 },
    });
  });

  it('REST-XML: an uploaded body is not kept; an S3 error keeps every element but its ids', async () => {
    const error =
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message><BucketName>b</BucketName><RequestId>rid</RequestId><HostId>hid</HostId></Error>';
    const host = await hostWith(() =>
      reply(404, error, { 'content-type': 'application/xml', 'x-amz-request-id': 'rid', 'x-amz-id-2': 'hid' }),
    );
    await host.fs.writeFile('/upload.txt', 'private file content');
    expect(await runCli(['s3api', 'put-object', '--bucket', 'b', '--key', 'k', '--body', '/upload.txt'], host)).toBe(
      254,
    );
    const [records] = await history(host);
    expect(payloadOf(records!, 'HTTP_REQUEST')).toMatchObject({
      method: 'PUT',
      body: '<streaming body>',
      streaming: true,
    });
    expect(payloadOf(records!, 'HTTP_RESPONSE')).toMatchObject({ status_code: 404, body: error, streaming: false });
    expect(payloadOf(records!, 'PARSED_RESPONSE')).toMatchObject({
      Error: { Code: 'NoSuchBucket', Message: 'The specified bucket does not exist', BucketName: 'b' },
      ResponseMetadata: { RequestId: 'rid', HostId: 'hid', HTTPStatusCode: 404 },
    });
    const text = new TextDecoder().decode(await host.fs.readFile((await commandFiles(host))![0]!.path));
    expect(text).not.toContain('private file content');
    expect(records!.at(-1)!.payload).toBe(254);
  });

  it('EC2: the error of Errors, the request id of RequestID', async () => {
    const host = await hostWith(() =>
      xml(
        '<Response><Errors><Error><Code>InvalidInstanceID.Malformed</Code><Message>Invalid id: "x"</Message></Error></Errors><RequestID>ec2-rid</RequestID></Response>',
        400,
      ),
    );
    expect(await runCli(['ec2', 'describe-instances', '--instance-ids', 'x', '--no-paginate'], host)).toBe(254);
    const [records] = await history(host);
    expect(payloadOf(records!, 'PARSED_RESPONSE')).toEqual({
      Error: { Code: 'InvalidInstanceID.Malformed', Message: 'Invalid id: "x"' },
      ResponseMetadata: { RequestId: 'ec2-rid', HTTPStatusCode: 400, HTTPHeaders: { 'content-type': 'text/xml' } },
    });
  });

  it('a float member stays a Python float (1.0), as json.dumps wrote it', async () => {
    const host = await hostWith(() => json({ Item: {}, ConsumedCapacity: { TableName: 't', CapacityUnits: 1 } }));
    const argv = ['dynamodb', 'get-item', '--table-name', 't', '--key', '{"id": {"S": "a"}}'];
    expect(await runCli([...argv, '--return-consumed-capacity', 'TOTAL'], host)).toBe(0);
    const [records] = await history(host);
    const capacity = (payloadOf(records!, 'PARSED_RESPONSE').ConsumedCapacity as Record<string, unknown>).CapacityUnits;
    expect(capacity).toEqual(new PyFloat(1));
  });
});

describe('calls told apart', () => {
  it('pages: the first call has the parameters the command was given, the next ones none', async () => {
    const page = (users: string[], marker?: string) =>
      xml(
        `<ListUsersResponse><ListUsersResult><Users>${users.map((u) => `<member><UserName>${u}</UserName><Path>/</Path><UserId>id</UserId><Arn>arn</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate></member>`).join('')}</Users><IsTruncated>${marker ? 'true' : 'false'}</IsTruncated>${marker ? `<Marker>${marker}</Marker>` : ''}</ListUsersResult></ListUsersResponse>`,
      );
    const host = await hostWith((_, i) => (i === 0 ? page(['a'], 'm1') : page(['b'])));
    expect(await runCli(['iam', 'list-users', '--path-prefix', '/'], host)).toBe(0);
    const [records] = await history(host);
    expect(types(records!).filter((t) => t.startsWith('API_CALL') || t.startsWith('HTTP_REQUEST'))).toEqual([
      'API_CALL0',
      'HTTP_REQUEST0',
      'API_CALL1',
      'HTTP_REQUEST1',
    ]);
    expect(payloadOf(records!, 'API_CALL', 0)).toEqual({
      service: 'iam',
      operation: 'ListUsers',
      params: { PathPrefix: '/' },
    });
    expect(payloadOf(records!, 'API_CALL', 1)).toEqual({ service: 'iam', operation: 'ListUsers' });
    expect(payloadOf(records!, 'HTTP_REQUEST', 1).body).toContain('Marker=m1');
  });

  it('a command of its own (s3 ls): its calls without parameters', async () => {
    const host = await hostWith(() =>
      xml(
        '<ListAllMyBucketsResult><Buckets><Bucket><Name>b</Name><CreationDate>2024-01-01T00:00:00Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>',
      ),
    );
    expect(await runCli(['s3', 'ls'], host)).toBe(0);
    const [records] = await history(host);
    expect(payloadOf(records!, 'API_CALL')).toEqual({ service: 's3', operation: 'ListBuckets' });
    expect(payloadOf(records!, 'PARSED_RESPONSE')).toMatchObject({
      Buckets: [{ Name: 'b', CreationDate: '2024-01-01T00:00:00+00:00' }],
    });
  });

  it('concurrent calls of one operation: requests and answers in order, a retry to the call retried', async () => {
    const host = await hostWith(() => reply(500));
    const recorder = startRecording(host, ['s3', 'cp'], 'isoaws/test');
    const at = { service: 's3', operation: 'UploadPart' };
    const events: CommandEvent[] = [
      { kind: 'endpoint', ...at, url: 'https://b.s3.amazonaws.com' },
      { kind: 'endpoint', ...at, url: 'https://b.s3.amazonaws.com' },
      { kind: 'signing', ...at, attempt: 1, ...signing('aaaa') },
      { kind: 'request', ...at, attempt: 1, method: 'PUT', url: 'u?partNumber=1', headers: auth() },
      { kind: 'signing', ...at, attempt: 1, ...signing('bbbb') },
      { kind: 'request', ...at, attempt: 1, method: 'PUT', url: 'u?partNumber=2', headers: auth() },
      { kind: 'response', ...at, attempt: 1, statusCode: 503, headers: {}, body: '' },
      { kind: 'response', ...at, attempt: 1, statusCode: 200, headers: {}, body: '' },
      { kind: 'retry', ...at, attempt: 1, delayMs: 10, reason: 'SlowDown' },
      { kind: 'signing', ...at, attempt: 2, ...signing('cccc') },
      { kind: 'request', ...at, attempt: 2, method: 'PUT', url: 'u?partNumber=1', headers: auth() },
    ];
    for (const e of events) recorder.observe(e);
    await recorder.finish(0);
    const [records] = await history(host);
    const requests = records!.filter((r) => r.event_type === 'HTTP_REQUEST');
    expect(requests.map((r) => [r.call, (r.payload as { url: string }).url])).toEqual([
      [0, 'u?partNumber=1'],
      [1, 'u?partNumber=2'],
      [0, 'u?partNumber=1'],
    ]);
    expect(requests.map((r) => (r.payload as { headers: { Authorization: string } }).headers.Authorization)).toEqual(
      ['Signature=aaaa...', 'Signature=bbbb...', 'Signature=cccc...'].map((s) => `AWS4-HMAC-SHA256 ${s}`),
    );
    expect(records!.filter((r) => r.event_type === 'HTTP_RESPONSE').map((r) => r.call)).toEqual([0, 1]);
  });
});

function signing(prefix: string) {
  return {
    signature: prefix + '0'.repeat(60),
    accessKeyId: 'AKID',
    signingKey: [],
    canonicalRequest: '',
    stringToSign: '',
    credentialScope: '',
    signedHeaders: '',
    payloadHash: '',
  };
}

function auth() {
  return { Authorization: 'AWS4-HMAC-SHA256 Signature=REDACTED' };
}
