/**
 * botocore handlers (and the CLI's binaryformat plugin) that isoaws reproduces, checked from the command
 * line to the wire and back (docs/customizations.md lists them). Every expectation is what AWS CLI v2
 * 2.9.19 sent (its --debug "Making request" line) or printed (against a local stub) for the same line.
 */
import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../src/core/host.js';
import { runCli } from '../../src/cli-app.js';
import { createClient } from '../../src/core/client.js';
import { ssoTokenPath } from '../../src/core/credentials/cache-files.js';
import { createMemoryHost, reply, type Responder } from '../support/memory-host.js';

const ENV = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's', AWS_DEFAULT_REGION: 'us-east-1' };

/** Runs one command line against `respond`; `config` becomes ~/.aws/config. */
async function run(
  argv: string[],
  respond: Responder = () => reply(200, '{}'),
  opts: { env?: Record<string, string>; config?: string } = {},
) {
  const host = createMemoryHost(respond, { env: opts.env ?? ENV });
  if (opts.config !== undefined) await host.fs.writeFile('/home/test/.aws/config', opts.config);
  const code = await runCli(argv, host);
  return { code, requests: host.requests, out: host.out.join(''), err: host.err.join('') };
}

const text = (req: HttpRequest) => new TextDecoder().decode(req.body as Uint8Array);
const header = (req: HttpRequest, name: string) =>
  Object.entries(req.headers).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

describe('binaryformat: --cli-binary-format decides how blob input is read', () => {
  const encrypt = ['kms', 'encrypt', '--key-id', 'k', '--plaintext'];

  it.each([
    ['base64 by default: the value is already base64', [...encrypt, 'aGVsbG8='], undefined],
    [
      'raw-in-base64-out: the value is the bytes',
      [...encrypt, 'hello', '--cli-binary-format', 'raw-in-base64-out'],
      undefined,
    ],
    [
      'cli_binary_format in the config file does the same',
      [...encrypt, 'hello'],
      '[default]\ncli_binary_format = raw-in-base64-out\n',
    ],
    [
      'the option beats the config file',
      [...encrypt, 'aGVsbG8=', '--cli-binary-format', 'base64'],
      '[default]\ncli_binary_format = raw-in-base64-out\n',
    ],
  ])('%s: Plaintext is sent as "aGVsbG8="', async (_name, argv, config) => {
    const { code, requests } = await run(argv, undefined, { config });
    expect(code).toBe(0);
    expect(JSON.parse(text(requests[0]!))).toEqual({ KeyId: 'k', Plaintext: 'aGVsbG8=' });
  });

  it('refuses text that is not base64, before sending, with exit 255', async () => {
    const { code, requests, err } = await run([...encrypt, 'hello']);
    expect({ code, sent: requests.length, err }).toEqual({ code: 255, sent: 0, err: '\nInvalid base64: "hello"\n' });
  });

  it('prints a blob of the response as base64', async () => {
    const body = '{"KeyId":"k","Plaintext":"aGVsbG8=","EncryptionAlgorithm":"SYMMETRIC_DEFAULT"}';
    const { out } = await run(
      ['kms', 'decrypt', '--ciphertext-blob', 'aGVsbG8=', '--query', 'Plaintext', '--output', 'text'],
      () => reply(200, body, { 'content-type': 'application/x-amz-json-1.1' }),
    );
    expect(out).toBe('aGVsbG8=\n');
  });
});

describe('parse_get_bucket_location: the bare <LocationConstraint> body is read', () => {
  const NS = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"';
  const location = (xml: string, output: string) =>
    run(['s3api', 'get-bucket-location', '--bucket', 'b', '--output', output], () =>
      reply(200, `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`, { 'content-type': 'application/xml' }),
    );

  it.each([
    [`<LocationConstraint ${NS}>eu-west-1</LocationConstraint>`, '"eu-west-1"', 'eu-west-1'],
    // us-east-1 buckets: an empty element, which the CLI reads as None.
    [`<LocationConstraint ${NS}/>`, 'null', 'None'],
  ])('%s prints %s in json, %s in text', async (xml, json, plain) => {
    expect((await location(xml, 'json')).out).toBe(`{\n    "LocationConstraint": ${json}\n}\n`);
    expect((await location(xml, 'text')).out).toBe(`${plain}\n`);
  });
});

describe('set_list_objects_encoding_type_url: listings ask for url-encoded keys and decode them', () => {
  const LIST =
    '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><EncodingType>url</EncodingType>' +
    '<IsTruncated>false</IsTruncated><Contents><Key>a+b%2Bc%20d.txt</Key><Size>1</Size></Contents></ListBucketResult>';
  const listing = () => reply(200, LIST, { 'content-type': 'application/xml' });

  it.each([
    [['list-objects'], 'encoding-type=url'],
    [['list-objects-v2'], 'list-type=2&encoding-type=url'],
    [['list-object-versions'], 'versions&encoding-type=url'],
  ])('%j adds encoding-type=url to the query', async (command, query) => {
    const { requests } = await run(['s3api', ...command, '--bucket', 'b'], listing);
    expect(new URL(requests[0]!.url).search).toBe(`?${query}`);
  });

  it.each([
    // unquote_plus: "+" is a space, "%2B" a plus.
    ['asked for by isoaws, the key is decoded', [], 'a b+c d.txt'],
    ['asked for by the user, the key is printed as sent', ['--encoding-type', 'url'], 'a+b%2Bc%20d.txt'],
  ])('%s', async (_name, extra, key) => {
    const { out } = await run(
      ['s3api', 'list-objects', '--bucket', 'b', ...extra, '--query', 'Contents[0].Key', '--output', 'text'],
      listing,
    );
    expect(out).toBe(`${key}\n`);
  });
});

describe('add_accept_header: API Gateway asks for JSON unless the caller chose', () => {
  it('apigateway get-rest-apis sends Accept: application/json', async () => {
    const { requests } = await run(['apigateway', 'get-rest-apis']);
    expect(header(requests[0]!, 'Accept')).toBe('application/json');
  });

  // get-export is the one operation with an Accept member (--accepts). Called through the engine here: its CLI
  // line needs an outfile positional, which isoaws does not offer for this operation yet.
  it.each([
    [{}, 'application/json'],
    [{ accepts: 'application/yaml' }, 'application/yaml'],
  ])('get-export with %j sends Accept: %s', async (extra, accept) => {
    const host = createMemoryHost(() => reply(200, '{}'));
    const aws = createClient(host, { region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 's' } });
    await aws.send('apigateway', 'GetExport', { restApiId: 'a', stageName: 's', exportType: 'swagger', ...extra });
    expect(header(host.requests[0]!, 'Accept')).toBe(accept);
  });
});

describe('disable_signing: Cognito identity and STS web-identity/SAML calls go unsigned', () => {
  it.each([
    [['cognito-identity', 'get-id', '--identity-pool-id', 'us-east-1:x']],
    [
      [
        'sts',
        'assume-role-with-web-identity',
        '--role-arn',
        'arn:aws:iam::123456789012:role/r',
        '--role-session-name',
        'ss',
        '--web-identity-token',
        'tttttttt',
      ],
    ],
    [
      [
        'sts',
        'assume-role-with-saml',
        '--role-arn',
        'arn:aws:iam::123456789012:role/r',
        '--principal-arn',
        'arn:aws:iam::123456789012:saml-provider/p',
        '--saml-assertion',
        'x'.repeat(8),
      ],
    ],
  ])('%j has neither Authorization nor X-Amz-Date, even with credentials at hand', async (argv) => {
    const { code, requests } = await run(argv, () => reply(200, argv[0] === 'sts' ? '<R/>' : '{}'));
    expect(code).toBe(0);
    expect([header(requests[0]!, 'Authorization'), header(requests[0]!, 'X-Amz-Date')]).toEqual([undefined, undefined]);
  });

  it('works without any credentials, where a signed call cannot', async () => {
    const env = { AWS_DEFAULT_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' };
    expect(
      (await run(['cognito-identity', 'get-id', '--identity-pool-id', 'us-east-1:x'], undefined, { env })).code,
    ).toBe(0);
    const signed = await run(['sts', 'get-caller-identity'], undefined, { env });
    expect({ code: signed.code, err: signed.err }).toEqual({
      code: 253,
      err: '\nUnable to locate credentials. You can configure credentials by running "aws configure".\n',
    });
  });
});

describe('base64_encode_user_data: --user-data is sent base64-encoded', () => {
  it.each([
    [['ec2', 'run-instances', '--image-id', 'ami-1']],
    [['autoscaling', 'create-launch-configuration', '--launch-configuration-name', 'lc']],
  ])('%j --user-data "echo hi" sends UserData=ZWNobyBoaQ==', async (argv) => {
    const { requests } = await run([...argv, '--user-data', 'echo hi'], () => reply(200, '<R/>'));
    expect(new URLSearchParams(text(requests[0]!)).get('UserData')).toBe('ZWNobyBoaQ==');
  });
});

describe('fix_route53_ids: an id in its /type/ form is sent as its last part', () => {
  it.each([
    [['get-hosted-zone', '--id', '/hostedzone/Z1'], '/2013-04-01/hostedzone/Z1'],
    [['get-change', '--id', '/change/C1'], '/2013-04-01/change/C1'],
    [['get-reusable-delegation-set', '--id', '/delegationset/N1'], '/2013-04-01/delegationset/N1'],
    [['list-resource-record-sets', '--hosted-zone-id', 'hostedzone/Z4'], '/2013-04-01/hostedzone/Z4/rrset'],
    [
      ['list-hosted-zones-by-name', '--hosted-zone-id', '/hostedzone/Z2'],
      '/2013-04-01/hostedzonesbyname?hostedzoneid=Z2',
    ],
    // Other ids are not Route 53 resource ids: the slash is kept, and encoded.
    [['get-health-check', '--health-check-id', 'x/y'], '/2013-04-01/healthcheck/x%2Fy'],
  ])('%j → %s', async (argv, path) => {
    const { requests } = await run(['route53', ...argv], () => reply(200, '<R/>'));
    const url = new URL(requests[0]!.url);
    expect(url.pathname + url.search).toBe(path);
  });
});

describe('_handle_200_error: an S3 200 whose body is an <Error> is retried as a 500', () => {
  const failed =
    '<Error><Code>InternalError</Code><Message>We encountered an internal error. Please try again.</Message></Error>';
  const copied =
    '<CopyObjectResult><LastModified>2026-01-01T00:00:00.000Z</LastModified><ETag>"abc"</ETag></CopyObjectResult>';
  const argv = ['s3api', 'copy-object', '--bucket', 'b', '--key', 'k', '--copy-source', 'src/k'];

  it('succeeds on the attempt after it', async () => {
    const r = await run(argv, (_req, i) => reply(200, i === 0 ? failed : copied));
    expect([r.code, r.requests.length]).toEqual([0, 2]);
    expect(JSON.parse(r.out)).toMatchObject({ CopyObjectResult: { ETag: '"abc"' } });
  });

  it('fails with the S3 error once the attempts are spent', async () => {
    const r = await run(argv, () => reply(200, failed));
    expect(r.code).toBe(254);
    expect(r.requests.length).toBeGreaterThan(1);
    expect(r.err).toContain('An error occurred (InternalError) when calling the CopyObject operation');
  });
});

describe('validate_bucket_name and validate_ascii_metadata: S3 parameters refused before any request', () => {
  it('refuses a bucket that is neither a name nor an access point ARN (exit 252), as AWS CLI v2 does', async () => {
    const r = await run(['s3api', 'head-bucket', '--bucket', 'bad bucket']);
    expect([r.code, r.requests.length]).toEqual([252, 0]);
    expect(r.err).toBe(
      '\nParameter validation failed:\nInvalid bucket name "bad bucket": Bucket name must match the regex "^[a-zA-Z0-9.\\-_]{1,255}$" or be an ARN matching the regex "^arn:(aws).*:(s3|s3-object-lambda):[a-z\\-0-9]*:[0-9]{12}:accesspoint[/:][a-zA-Z0-9\\-.]{1,63}$|^arn:(aws).*:s3-outposts:[a-z\\-0-9]+:[0-9]{12}:outpost[/:][a-zA-Z0-9\\-]{1,63}[/:]accesspoint[/:][a-zA-Z0-9\\-]{1,63}$"\n',
    );
    const arn = await run(
      ['s3api', 'head-bucket', '--bucket', 'arn:aws:s3:us-east-1:123456789012:accesspoint/ap'],
      () => reply(200),
    );
    expect(arn.code).toBe(0);
  });

  it('refuses metadata that is not ASCII (exit 252)', async () => {
    const r = await run(['s3api', 'put-object', '--bucket', 'b', '--key', 'k', '--metadata', 'k=é']);
    expect([r.code, r.requests.length]).toEqual([252, 0]);
    expect(r.err).toBe(
      '\nParameter validation failed:\nNon ascii characters found in S3 metadata for key "k", value: "é".  \nS3 metadata can only contain ASCII characters. \n',
    );
  });
});

describe('json_decode_template_body and decode_console_output: outputs read for the user', () => {
  it('prints a JSON template as the document it is', async () => {
    const body =
      '<GetTemplateResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><GetTemplateResult><TemplateBody>{"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}</TemplateBody></GetTemplateResult></GetTemplateResponse>';
    const r = await run(['cloudformation', 'get-template', '--stack-name', 's'], () => reply(200, body));
    expect(JSON.parse(r.out)).toEqual({ TemplateBody: { Resources: { T: { Type: 'AWS::SNS::Topic' } } } });
  });

  it('prints the console output decoded from base64', async () => {
    const encoded = Buffer.from('Booting…\nlogin: ').toString('base64');
    const body = `<GetConsoleOutputResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><instanceId>i-1</instanceId><output>${encoded}</output></GetConsoleOutputResponse>`;
    const r = await run(
      ['ec2', 'get-console-output', '--instance-id', 'i-1', '--query', 'Output', '--output', 'text'],
      () => reply(200, body),
    );
    expect(r.out).toBe('Booting…\nlogin: \n');
  });
});

describe('handle_expires_header: S3’s Expires as sent, and no failure on one that is no date', () => {
  const answer = (expires: string) => () =>
    reply(200, '', { expires, 'content-length': '3', etag: '"e"', 'last-modified': 'Thu, 01 Dec 1994 16:00:00 GMT' });

  it('adds ExpiresString beside the parsed Expires', async () => {
    const r = await run(
      ['s3api', 'head-object', '--bucket', 'b', '--key', 'k'],
      answer('Thu, 01 Dec 1994 16:00:00 GMT'),
    );
    expect(JSON.parse(r.out)).toMatchObject({
      Expires: '1994-12-01T16:00:00+00:00',
      ExpiresString: 'Thu, 01 Dec 1994 16:00:00 GMT',
    });
  });

  it('drops an Expires that is no date instead of failing, as the current AWS CLI does', async () => {
    const r = await run(['s3api', 'head-object', '--bucket', 'b', '--key', 'k'], answer('soon'));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect([out.Expires, out.ExpiresString]).toEqual([undefined, 'soon']);
  });
});

describe('change_get_to_post: a CloudSearch domain search goes as a form POST', () => {
  it('sends the query as the body, as AWS CLI v2 does', async () => {
    const r = await run(
      ['--endpoint-url', 'https://search-d.us-east-1.cloudsearch.amazonaws.com', 'cloudsearchdomain', 'search'].concat([
        '--search-query',
        'x',
      ]),
      () => reply(200, '{"hits": {"found": 0, "hit": []}}', { 'content-type': 'application/json' }),
    );
    expect(r.code).toBe(0);
    const req = r.requests[0]!;
    expect([req.method, req.url]).toEqual([
      'POST',
      'https://search-d.us-east-1.cloudsearch.amazonaws.com/2013-01-01/search',
    ]);
    expect(header(req, 'content-type')).toBe('application/x-www-form-urlencoded');
    expect(text(req)).toBe('format=sdk&pretty=true&q=x');
  });
});

describe('escape_xml_payload: line breaks in keys survive the XML', () => {
  it('writes CR and LF as character references, as AWS CLI v2 sends them', async () => {
    const r = await run(
      ['s3api', 'delete-objects', '--bucket', 'b', '--delete', '{"Objects":[{"Key":"a\\r\\nb"}]}'],
      () => reply(200, '<DeleteResult/>'),
    );
    expect(r.code).toBe(0);
    expect(text(r.requests[0]!)).toBe(
      '<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Object><Key>a&#xD;&#xA;b</Key></Object></Delete>',
    );
  });
});

describe('inject_presigned_url_ec2 / _rds: cross-region copies carry a URL presigned for the source region', () => {
  // Each body is what botocore 1.43.11 sends for the same call, its parameters in the order the CLI's argument
  // table gives them, at the memory host's time (2024-01-02T03:04:05Z, botocore.auth.get_current_datetime
  // patched), with the same keys and region.
  const ok = (xml: string) => () => reply(200, xml, { 'content-type': 'text/xml' });
  it.each([
    [
      'rds copy-db-snapshot: SourceRegion taken out, PreSignedUrl added',
      [
        'rds',
        'copy-db-snapshot',
        '--source-db-snapshot-identifier',
        'arn:aws:rds:us-west-2:123456789012:snapshot:snap1',
        '--target-db-snapshot-identifier',
        'snap1-copy',
        '--kms-key-id',
        'key1',
        '--source-region',
        'us-west-2',
      ],
      'Action=CopyDBSnapshot&Version=2014-10-31&SourceDBSnapshotIdentifier=arn%3Aaws%3Ards%3Aus-west-2%3A123456789012%3Asnapshot%3Asnap1&TargetDBSnapshotIdentifier=snap1-copy&KmsKeyId=key1&PreSignedUrl=https%3A%2F%2Frds.us-west-2.amazonaws.com%2F%3FAction%3DCopyDBSnapshot%26Version%3D2014-10-31%26SourceDBSnapshotIdentifier%3Darn%253Aaws%253Ards%253Aus-west-2%253A123456789012%253Asnapshot%253Asnap1%26TargetDBSnapshotIdentifier%3Dsnap1-copy%26KmsKeyId%3Dkey1%26DestinationRegion%3Dus-east-1%26X-Amz-Algorithm%3DAWS4-HMAC-SHA256%26X-Amz-Credential%3DAKID%252F20240102%252Fus-west-2%252Frds%252Faws4_request%26X-Amz-Date%3D20240102T030405Z%26X-Amz-Expires%3D3600%26X-Amz-SignedHeaders%3Dhost%26X-Amz-Signature%3Da9608789590f862d5f3af2289bdf330cc7905da8422417881a78a8c1eb67bc6c',
    ],
    [
      'ec2 copy-snapshot: PresignedUrl and DestinationRegion added, SourceRegion kept',
      ['ec2', 'copy-snapshot', '--source-region', 'us-west-2', '--source-snapshot-id', 'snap-1', '--encrypted'],
      'Action=CopySnapshot&Version=2016-11-15&Encrypted=true&SourceRegion=us-west-2&SourceSnapshotId=snap-1&PresignedUrl=https%3A%2F%2Fec2.us-west-2.amazonaws.com%2F%3FAction%3DCopySnapshot%26Version%3D2016-11-15%26Encrypted%3Dtrue%26SourceRegion%3Dus-west-2%26SourceSnapshotId%3Dsnap-1%26DestinationRegion%3Dus-east-1%26X-Amz-Algorithm%3DAWS4-HMAC-SHA256%26X-Amz-Credential%3DAKID%252F20240102%252Fus-west-2%252Fec2%252Faws4_request%26X-Amz-Date%3D20240102T030405Z%26X-Amz-Expires%3D3600%26X-Amz-SignedHeaders%3Dhost%26X-Amz-Signature%3D10ce5759824a62f138b8b1972176bf93d66ae65d75b1f659ed2f740dde855a6a&DestinationRegion=us-east-1',
    ],
    [
      'docdb create-db-cluster: the same for DocumentDB, signed as rds',
      [
        'docdb',
        'create-db-cluster',
        '--db-cluster-identifier',
        'c1',
        '--engine',
        'docdb',
        '--source-region',
        'us-west-2',
        '--storage-encrypted',
        '--kms-key-id',
        'key1',
      ],
      'Action=CreateDBCluster&Version=2014-10-31&DBClusterIdentifier=c1&Engine=docdb&StorageEncrypted=true&KmsKeyId=key1&PreSignedUrl=https%3A%2F%2Frds.us-west-2.amazonaws.com%2F%3FAction%3DCreateDBCluster%26Version%3D2014-10-31%26DBClusterIdentifier%3Dc1%26Engine%3Ddocdb%26StorageEncrypted%3Dtrue%26KmsKeyId%3Dkey1%26DestinationRegion%3Dus-east-1%26X-Amz-Algorithm%3DAWS4-HMAC-SHA256%26X-Amz-Credential%3DAKID%252F20240102%252Fus-west-2%252Frds%252Faws4_request%26X-Amz-Date%3D20240102T030405Z%26X-Amz-Expires%3D3600%26X-Amz-SignedHeaders%3Dhost%26X-Amz-Signature%3D38fc0dfa63e0997726b4fd3028ef0a726bbcfda344168fa2f32224d2f6e44b4b',
    ],
    [
      'neptune copy-db-cluster-snapshot: a URL given is kept, SourceRegion still taken out',
      [
        'neptune',
        'copy-db-cluster-snapshot',
        '--source-db-cluster-snapshot-identifier',
        'arn:aws:rds:us-west-2:123456789012:cluster-snapshot:s1',
        '--target-db-cluster-snapshot-identifier',
        's1-copy',
        '--source-region',
        'us-west-2',
        '--pre-signed-url',
        'https://given.example/',
      ],
      'Action=CopyDBClusterSnapshot&Version=2014-10-31&SourceDBClusterSnapshotIdentifier=arn%3Aaws%3Ards%3Aus-west-2%3A123456789012%3Acluster-snapshot%3As1&TargetDBClusterSnapshotIdentifier=s1-copy&PreSignedUrl=https%3A%2F%2Fgiven.example%2F',
    ],
  ])('%s', async (_name, argv, body) => {
    const { code, requests } = await run(argv, ok('<Response/>'));
    expect(code).toBe(0);
    expect(text(requests[0]!)).toBe(body);
  });

  it('leaves a copy within the region alone (no --source-region)', async () => {
    const { requests } = await run(
      ['rds', 'copy-db-snapshot', '--source-db-snapshot-identifier', 's', '--target-db-snapshot-identifier', 't'],
      ok('<Response/>'),
    );
    expect(text(requests[0]!)).toBe(
      'Action=CopyDBSnapshot&Version=2014-10-31&SourceDBSnapshotIdentifier=s&TargetDBSnapshotIdentifier=t',
    );
  });

  it('presigns the same way for a library call, and not for client.presign of the operation itself', async () => {
    const host = createMemoryHost(() => reply(200, '<Response/>', { 'content-type': 'text/xml' }));
    const aws = createClient(host, { region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 's' } });
    const params = { SourceRegion: 'us-west-2', SourceSnapshotId: 'snap-1', Encrypted: true };
    await aws.send('ec2', 'CopySnapshot', params);
    expect(text(host.requests[0]!)).toBe(
      'Action=CopySnapshot&Version=2016-11-15&SourceRegion=us-west-2&SourceSnapshotId=snap-1&Encrypted=true&PresignedUrl=https%3A%2F%2Fec2.us-west-2.amazonaws.com%2F%3FAction%3DCopySnapshot%26Version%3D2016-11-15%26SourceRegion%3Dus-west-2%26SourceSnapshotId%3Dsnap-1%26Encrypted%3Dtrue%26DestinationRegion%3Dus-east-1%26X-Amz-Algorithm%3DAWS4-HMAC-SHA256%26X-Amz-Credential%3DAKID%252F20240102%252Fus-west-2%252Fec2%252Faws4_request%26X-Amz-Date%3D20240102T030405Z%26X-Amz-Expires%3D3600%26X-Amz-SignedHeaders%3Dhost%26X-Amz-Signature%3D10ce5759824a62f138b8b1972176bf93d66ae65d75b1f659ed2f740dde855a6a&DestinationRegion=us-east-1',
    );
    const url = await aws.presign('ec2', 'CopySnapshot', params);
    expect(url).not.toContain('PresignedUrl');
    expect(url).toContain('SourceRegion=us-west-2&SourceSnapshotId=snap-1&Encrypted=true&X-Amz-Algorithm=');
  });
});

describe('_add_parameter_aliases: the alias botocore documents is accepted for the modeled member', () => {
  const ok = () => reply(200, '<Response/>', { 'content-type': 'text/xml' });
  const client = (host: ReturnType<typeof createMemoryHost>) =>
    createClient(host, { region: 'us-east-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 's' } });

  it('sends ec2 Filters as Filter, and logs fromTime as from, for a library call', async () => {
    const host = createMemoryHost(ok);
    await client(host).send('ec2', 'DescribeFlowLogs', { Filters: [{ Name: 'resource-id', Values: ['vpc-1'] }] });
    expect(text(host.requests[0]!)).toBe(
      'Action=DescribeFlowLogs&Version=2016-11-15&Filter.1.Name=resource-id&Filter.1.Value.1=vpc-1',
    );
    const logs = createMemoryHost(() => reply(200, '{}', { 'content-type': 'application/x-amz-json-1.1' }));
    await client(logs).send('logs', 'CreateExportTask', {
      logGroupName: 'g',
      fromTime: 1000,
      to: 2000,
      destination: 'b',
    });
    expect(JSON.parse(text(logs.requests[0]!))).toEqual({ logGroupName: 'g', from: 1000, to: 2000, destination: 'b' });
  });

  it('refuses the member and its alias together, in botocore’s words (AWS CLI exit 255)', async () => {
    const { code, err, requests } = await run(
      ['ec2', 'describe-flow-logs', '--filter', 'Name=a,Values=b', '--cli-input-json', '{"Filters": []}'],
      ok,
    );
    expect(code).toBe(255);
    expect(err).toContain(
      "Parameter 'Filter' and its alias 'Filters' were provided for operation DescribeFlowLogs.  Only one of them may be used.",
    );
    expect(requests).toHaveLength(0);
  });
});

describe('inject_api_version_header_if_needed: endpoint-discovery operations state the API version', () => {
  it.each([
    ['dynamodb', '2012-08-10'],
    ['timestream-query', '2018-11-01'],
    ['timestream-write', '2018-11-01'],
  ])('%s describe-endpoints sends x-amz-api-version: %s, and other operations none', async (service, version) => {
    const json = () => reply(200, '{"Endpoints": []}', { 'content-type': 'application/x-amz-json-1.0' });
    const { requests } = await run([service, 'describe-endpoints'], json);
    expect(header(requests[0]!, 'x-amz-api-version')).toBe(version);
  });

  it('leaves other operations alone', async () => {
    const { requests } = await run(['dynamodb', 'list-tables'], () =>
      reply(200, '{"TableNames": []}', { 'content-type': 'application/x-amz-json-1.0' }),
    );
    expect(header(requests[0]!, 'x-amz-api-version')).toBeUndefined();
  });
});

describe('switch_host_machinelearning: a prediction goes to the model’s real-time endpoint', () => {
  it('sends predict to --predict-endpoint’s scheme and host, signed for it, keeping the path', async () => {
    const json = () => reply(200, '{"Prediction": {}}', { 'content-type': 'application/x-amz-json-1.1' });
    const { code, requests } = await run(
      [
        'machinelearning',
        'predict',
        '--ml-model-id',
        'ml-1',
        '--record',
        'a=1',
        '--predict-endpoint',
        'https://realtime.machinelearning.us-east-1.amazonaws.com',
      ],
      json,
    );
    expect(code).toBe(0);
    expect(requests[0]!.url).toBe('https://realtime.machinelearning.us-east-1.amazonaws.com/');
    expect(header(requests[0]!, 'authorization')).toContain('SignedHeaders=content-type;host;');
  });
});

describe('_handle_request_validation_mode_member and handle_checksum_body: GetObject is checked against its checksum', () => {
  // Checksums of "hello world" from botocore 1.43.11's own Crc32Checksum and Sha256Checksum.
  const CRC32 = 'DUoRhQ==';
  const SHA256 = 'uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=';
  const getObject = ['s3api', 'get-object', '--bucket', 'b', '--key', 'k', '/out.txt'];
  const object = (headers: Record<string, string>) => () =>
    reply(200, 'hello world', { 'content-length': '11', etag: '"e"', ...headers });

  it('asks for the checksum (x-amz-checksum-mode: ENABLED) and writes a body that matches it', async () => {
    const r = await run(getObject, object({ 'x-amz-checksum-crc32': CRC32 }));
    expect(r.code).toBe(0);
    expect(header(r.requests[0]!, 'x-amz-checksum-mode')).toBe('ENABLED');
    expect(JSON.parse(r.out)).toMatchObject({ ChecksumCRC32: CRC32 });
  });

  it('fails a body that does not match, in botocore’s words (exit 255)', async () => {
    const r = await run(getObject, object({ 'x-amz-checksum-sha256': SHA256.replace('u', 'v') }));
    expect({ code: r.code, err: r.err }).toEqual({
      code: 255,
      err: `\nExpected checksum ${SHA256.replace('u', 'v')} did not match calculated checksum: ${SHA256}\n`,
    });
  });

  it('prefers CRC64NVME, then CRC32C and CRC32, to SHA-1 and SHA-256; a multipart checksum (-n) is no checksum of the body', async () => {
    const wrong = 'AAAAAAAAAAA=';
    const both = await run(getObject, object({ 'x-amz-checksum-crc64nvme': wrong, 'x-amz-checksum-sha256': SHA256 }));
    expect(both.err).toContain(`Expected checksum ${wrong} did not match`);
    const composite = await run(getObject, object({ 'x-amz-checksum-crc32': 'AAAAAA==-3' }));
    expect(composite.code).toBe(0);
  });

  it('response_checksum_validation = when_required asks for none and checks none; an explicit --checksum-mode still does', async () => {
    const config = '[default]\nresponse_checksum_validation = when_required\n';
    const bad = object({ 'x-amz-checksum-crc32': 'AAAAAA==' });
    const off = await run(getObject, bad, { config });
    expect(off.code).toBe(0);
    expect(header(off.requests[0]!, 'x-amz-checksum-mode')).toBeUndefined();
    const asked = await run([...getObject, '--checksum-mode', 'ENABLED'], bad, { config });
    expect(asked.code).toBe(255);
  });

  it('s3 cp reports a download whose checksum does not match as failed (exit 1)', async () => {
    const respond = (req: HttpRequest) =>
      req.method === 'HEAD'
        ? reply(200, '', { 'content-length': '11', etag: '"e"', 'last-modified': 'Mon, 01 Jan 2024 00:00:00 GMT' })
        : object({ 'x-amz-checksum-crc32': 'AAAAAA==' })();
    const r = await run(['s3', 'cp', 's3://b/k', '/got.txt'], respond);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `download failed: s3://b/k to ./got.txt Expected checksum AAAAAA== did not match calculated checksum: ${CRC32}\n`,
    );
  });

  it('leaves presigned URLs alone', async () => {
    const client = createClient(
      createMemoryHost(() => reply(200, ''), { env: ENV }),
      {
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKID', secretAccessKey: 's' },
      },
    );
    expect(await client.presign('s3', 'GetObject', { Bucket: 'b', Key: 'k' })).not.toContain('checksum');
  });
});

describe('_set_auth_scheme_preference_signer and the bearer signer: tokens where the model takes them', () => {
  const authorization = (r: { requests: HttpRequest[] }) => header(r.requests[0]!, 'authorization');
  const json = () => reply(200, '{}', { 'content-type': 'application/json' });

  it('Bedrock takes AWS_BEARER_TOKEN_BEDROCK instead of a signature; without it, SigV4', async () => {
    const withToken = await run(['bedrock', 'list-foundation-models'], json, {
      env: { ...ENV, AWS_BEARER_TOKEN_BEDROCK: 'bedrock-api-key' },
    });
    expect(withToken.code).toBe(0);
    expect(authorization(withToken)).toBe('Bearer bedrock-api-key');
    expect(header(withToken.requests[0]!, 'x-amz-date')).toBeUndefined();
    const signed = await run(['bedrock', 'list-foundation-models'], json);
    expect(authorization(signed)).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKID\/20240102\/us-east-1\/bedrock\/aws4_request/,
    );
  });

  it('auth_scheme_preference puts a scheme first; a bearer token that is nowhere is botocore’s NoAuthTokenError (255)', async () => {
    const config = '[default]\nauth_scheme_preference = httpBearerAuth, sigv4\n';
    const r = await run(['bedrock', 'list-foundation-models'], json, { config });
    expect({ code: r.code, err: r.err, sent: r.requests.length }).toEqual({
      code: 255,
      err: '\nUnable to locate authorization token\n',
      sent: 0,
    });
    const sigv4 = await run(['bedrock', 'list-foundation-models'], json, {
      config: '[default]\nauth_scheme_preference = sigv4\n',
      env: { ...ENV, AWS_BEARER_TOKEN_BEDROCK: 'k' },
    });
    // The environment's token still wins for Bedrock, as in botocore, where nothing is set in code.
    expect(authorization(sigv4)).toBe('Bearer k');
  });

  describe('CodeCatalyst (bearer only): the sso_session’s token', () => {
    const config = [
      '[default]',
      'sso_session = dev',
      'region = us-west-2',
      '[sso-session dev]',
      'sso_start_url = https://d-123.awsapps.com/start',
      'sso_region = us-east-1',
      '',
    ].join('\n');
    const cache = async (host: ReturnType<typeof createMemoryHost>, token: Record<string, string>) =>
      host.fs.writeFile(await ssoTokenPath(host, 'dev'), JSON.stringify(token));

    async function codecatalyst(token: Record<string, string> | undefined, respond: Responder = json) {
      const host = createMemoryHost(respond, { env: { HOME: '/home/test' } });
      await host.fs.writeFile('/home/test/.aws/config', config);
      if (token) await cache(host, token);
      const code = await runCli(['codecatalyst', 'list-spaces'], host);
      return { code, host, requests: host.requests, err: host.err.join('') };
    }

    it('sends the cached token, without AWS credentials', async () => {
      const r = await codecatalyst({ accessToken: 'cached-token', expiresAt: '2024-01-02T05:00:00Z' });
      expect(r.code).toBe(0);
      expect(authorization(r)).toBe('Bearer cached-token');
    });

    it('refreshes a token within 15 minutes of expiry (SSO OIDC CreateToken) and writes it back', async () => {
      const r = await codecatalyst(
        {
          accessToken: 'old',
          expiresAt: '2024-01-02T03:10:00Z',
          refreshToken: 'refresh',
          clientId: 'cid',
          clientSecret: 'secret',
          registrationExpiresAt: '2024-06-01T00:00:00Z',
        },
        (req) =>
          req.url.includes('oidc.')
            ? reply(200, '{"accessToken":"new-token","expiresIn":3600,"tokenType":"Bearer"}')
            : json(),
      );
      expect(r.code).toBe(0);
      expect(new URL(r.requests[0]!.url).host).toBe('oidc.us-east-1.amazonaws.com');
      expect(header(r.requests[1]!, 'authorization')).toBe('Bearer new-token');
      const cached = JSON.parse(new TextDecoder().decode(await r.host.fs.readFile(await ssoTokenPath(r.host, 'dev'))));
      expect(cached).toMatchObject({ accessToken: 'new-token', expiresAt: '2024-01-02T04:04:05Z' });
    });

    it('says what is wrong with the session in botocore’s words, before any request', async () => {
      const missing = await codecatalyst(undefined);
      expect({ code: missing.code, err: missing.err, sent: missing.requests.length }).toEqual({
        code: 255,
        err: '\nError loading SSO Token: Token for dev does not exist\n',
        sent: 0,
      });
      const expired = await codecatalyst({ accessToken: 'old', expiresAt: '2024-01-01T00:00:00Z' });
      expect(expired.err).toBe('\nError when retrieving token from sso: Token has expired and refresh failed\n');
    });

    it('AWS_BEARER_TOKEN_CODECATALYST comes first', async () => {
      const host = createMemoryHost(json, { env: { HOME: '/home/test', AWS_BEARER_TOKEN_CODECATALYST: 'env-token' } });
      await host.fs.writeFile('/home/test/.aws/config', config);
      expect(await runCli(['codecatalyst', 'list-spaces'], host)).toBe(0);
      expect(header(host.requests[0]!, 'authorization')).toBe('Bearer env-token');
    });
  });
});

describe('add_expect_header: an upload waits for 100 Continue before its body', () => {
  const ok = () => reply(200, '', { etag: '"e"' });
  async function putObject(argv: string[]) {
    const host = createMemoryHost(ok, { env: ENV });
    await host.fs.writeFile('/data/a.txt', 'hello');
    expect(await runCli(['s3api', ...argv], host)).toBe(0);
    return host.requests[0]!;
  }

  it('asks for it on PutObject and UploadPart with a body, unsigned, as botocore does', async () => {
    const put = await putObject(['put-object', '--bucket', 'b', '--key', 'k', '--body', '/data/a.txt']);
    expect(header(put, 'expect')).toBe('100-continue');
    expect(header(put, 'authorization')).not.toMatch(/expect/);
    const part = await putObject([
      'upload-part',
      '--bucket',
      'b',
      '--key',
      'k',
      '--upload-id',
      'u',
      '--part-number',
      '1',
      '--body',
      '/data/a.txt',
    ]);
    expect(header(part, 'expect')).toBe('100-continue');
  });

  it('not without a body, nor on a request whose body is a document', async () => {
    expect(header(await putObject(['put-object', '--bucket', 'b', '--key', 'k']), 'expect')).toBeUndefined();
    const tagging = await putObject(['put-bucket-tagging', '--bucket', 'b', '--tagging', 'TagSet=[{Key=a,Value=b}]']);
    expect(header(tagging, 'expect')).toBeUndefined();
  });
});

describe('generate_idempotent_uuid: a required idempotency token left out is generated, not missing', () => {
  it('servicecatalog create-product sends a token of its own', async () => {
    const { code, requests, err } = await run(
      [
        'servicecatalog',
        'create-product',
        '--name',
        'web',
        '--owner',
        'me',
        '--product-type',
        'CLOUD_FORMATION_TEMPLATE',
        '--provisioning-artifact-parameters',
        'Info={LoadTemplateFromURL=https://example.com/t.yaml}',
      ],
      () => reply(200, '{}'),
    );
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(JSON.parse(text(requests[0]!)).IdempotencyToken).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/);
  });
});
