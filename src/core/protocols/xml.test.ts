import { describe, expect, it, vi } from 'vitest';
import { ResponseParseError } from '../errors.js';
import type { Operation, ServiceModel } from '../model/types.js';
import { protocol as ec2 } from './ec2.js';
import { protocol as query } from './query.js';
import { protocol as restXml } from './rest-xml.js';
import type { ParseResult, Protocol } from './types.js';
import { parseXml, XmlSyntaxError } from './xml.js';
import { floatText } from './shared.js';

const text = (s: string) => new TextEncoder().encode(s);

describe('parseXml', () => {
  it.each([
    ['entities and character references', '<a>&lt;x&gt; &amp; &quot;&apos; &#65;&#x42;</a>', '<x> & "\' AB'],
    ['CDATA kept verbatim, comments dropped', '<a>x<!-- c --><![CDATA[<b>&amp;]]></a>', 'x<b>&amp;'],
    ['CRLF normalised, &#xD; kept', '<a>1\r\n2&#xD;</a>', '1\n2\r'],
    ['declaration, DOCTYPE and prefixes', '<?xml version="1.0"?><!DOCTYPE a><p:a xmlns:p="u">t</p:a>', 't'],
  ])('%s', (_, xml, expected) => {
    expect(parseXml(xml).text).toBe(expected);
  });

  it('drops namespace prefixes from names and keeps attributes as written', () => {
    const root = parseXml('<r:Root xmlns:r="urn:x" xsi:type="T"><r:Child/></r:Root>');
    expect(root.name).toBe('Root');
    expect(root.attrs).toEqual({ 'xmlns:r': 'urn:x', 'xsi:type': 'T' });
    expect(root.children.map((c) => c.name)).toEqual(['Child']);
  });

  it.each([
    ['empty document', ''],
    ['text only', 'Service Unavailable'],
    ['unclosed element', '<a><b></a>'],
    ['HTML void element', '<!DOCTYPE html><html><head><meta charset="utf-8"></head></html>'],
    ['undefined entity', '<a>&nbsp;</a>'],
    ['two roots', '<a/><b/>'],
    ['text after root', '<a/>junk'],
    ['truncated', '<ListBucketResult><Contents><Key>a'],
  ])('rejects %s', (_, xml) => {
    expect(() => parseXml(xml)).toThrow(XmlSyntaxError);
  });
});

describe('floatText (Python float repr)', () => {
  it.each([
    [1, '1.0'],
    [1.5, '1.5'],
    [-0.25, '-0.25'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1e16, '1e+16'],
    [123456789012345680, '1.2345678901234568e+17'],
    [1e15, '1000000000000000.0'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
    ['NaN', 'NaN'],
  ])('%s → %s', (value, expected) => {
    expect(floatText(value)).toBe(expected);
  });
});

// A small S3-like model: an operation with a structure output, one with a streaming body, a HEAD.
const s3: ServiceModel = {
  metadata: { apiVersion: '2006-03-01', endpointPrefix: 's3', protocol: 'rest-xml' },
  operations: {},
  shapes: {
    CopyObjectOutput: {
      type: 'structure',
      members: { CopyObjectResult: { shape: 'CopyObjectResult' } },
      payload: 'CopyObjectResult',
    },
    CopyObjectResult: { type: 'structure', members: { ETag: { shape: 'String' } } },
    GetObjectOutput: { type: 'structure', members: { Body: { shape: 'Body', streaming: true } }, payload: 'Body' },
    Body: { type: 'blob', streaming: true },
    HeadObjectOutput: {
      type: 'structure',
      members: { ContentLength: { shape: 'Long', location: 'header', locationName: 'Content-Length' } },
    },
    NoSuchKey: { type: 'structure', members: {}, exception: true, error: { httpStatusCode: 404 } },
    String: { type: 'string' },
    Long: { type: 'long' },
  },
};
const op = (name: string, output: string): Operation => ({
  name,
  http: { method: 'GET', requestUri: '/{Bucket}/{Key+}' },
  output: { shape: output },
});
const copyObject = op('CopyObject', 'CopyObjectOutput');
const getObject = op('GetObject', 'GetObjectOutput');
const headObject = op('HeadObject', 'HeadObjectOutput');

function parseWith(
  p: Protocol,
  model: ServiceModel,
  operation: Operation,
  statusCode: number,
  body: string,
  headers: Record<string, string> = {},
): ParseResult {
  return p.parse({ model, operation, response: { statusCode, headers, body: text(body) } });
}

describe('rest-xml responses', () => {
  it.each([
    [
      'S3 200 whose body is an <Error> (CopyObject) is an error',
      copyObject,
      200,
      '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message><RequestId>RID</RequestId><HostId>HID</HostId></Error>',
      { 'x-amz-request-id': 'RID' },
      {
        kind: 'error',
        error: {
          code: 'InternalError',
          message: 'We encountered an internal error.',
          requestId: 'RID',
          // Fields no error shape describes are kept, as botocore keeps them in its Error dict.
          data: { RequestId: 'RID', HostId: 'HID' },
        },
      },
    ],
    [
      'S3 200 with a result is output',
      copyObject,
      200,
      '<CopyObjectResult><ETag>"abc"</ETag></CopyObjectResult>',
      {},
      { kind: 'output', output: { CopyObjectResult: { ETag: '"abc"' } } },
    ],
    [
      'HEAD 404 with an empty body: code and message from the status, as botocore',
      headObject,
      404,
      '',
      { 'x-amz-request-id': 'RID' },
      { kind: 'error', error: { code: '404', message: 'Not Found', requestId: 'RID', data: {} } },
    ],
    [
      'HEAD 200: header members',
      headObject,
      200,
      '',
      { 'content-length': '42' },
      { kind: 'output', output: { ContentLength: 42 } },
    ],
    [
      'a modeled S3 error',
      getObject,
      404,
      '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>k</Key></Error>',
      {},
      {
        kind: 'error',
        error: { code: 'NoSuchKey', message: 'The specified key does not exist.', requestId: undefined, data: {} },
      },
    ],
    [
      'a 503 HTML page from a proxy: generic error from the status',
      getObject,
      503,
      '<html><body><b>Http/1.1 Service Unavailable</b></body></html>',
      {},
      { kind: 'error', error: { code: '503', message: 'Service Unavailable', requestId: undefined, data: {} } },
    ],
    [
      'a 403 that is not XML: generic error from the status',
      getObject,
      403,
      '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Denied</title></head></html>',
      {},
      { kind: 'error', error: { code: '403', message: 'Forbidden', requestId: undefined, data: {} } },
    ],
  ])('%s', (_, operation, status, body, headers, expected) => {
    expect(parseWith(restXml, s3, operation, status, body, headers)).toEqual(expected);
  });

  it('passes a streaming payload through unread', () => {
    const stream = (async function* () {
      yield text('bytes');
    })();
    const result = restXml.parse({
      model: s3,
      operation: getObject,
      response: { statusCode: 200, headers: {}, body: stream },
    });
    expect(result).toEqual({ kind: 'output', output: { Body: stream } });
  });

  it.each([
    ['a proxy HTML page', '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>Login</body></html>'],
    ['a well-formed HTML page', '<html><body>Login</body></html>'],
    ['a truncated body', '<CopyObjectResult><ETag>"abc"'],
    // Entities a DOCTYPE declares are never expanded: the billion laughs is an undefined entity, at once.
    [
      'an entity bomb',
      `<!DOCTYPE CopyObjectResult [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 9 }, (_, i) => `<!ENTITY ${'b'.repeat(i + 1)} "${'&a;'.repeat(10)}">`).join('')}]><CopyObjectResult><ETag>&bbbbbbbbb;</ETag></CopyObjectResult>`,
    ],
  ])('a 200 with %s throws ResponseParseError with status and body start', (_, body) => {
    let error: unknown;
    try {
      parseWith(restXml, s3, copyObject, 200, body);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ResponseParseError);
    expect((error as ResponseParseError).statusCode).toBe(200);
    expect((error as ResponseParseError).bodyStart).toBe(body.slice(0, 200));
  });
});

describe('query and ec2 errors and metadata', () => {
  const model: ServiceModel = {
    metadata: { apiVersion: '2011-06-15', endpointPrefix: 'sts', protocol: 'query' },
    operations: {},
    shapes: { Out: { type: 'structure', members: { Arn: { shape: 'String' } } }, String: { type: 'string' } },
  };
  const getCallerIdentity: Operation = {
    name: 'GetCallerIdentity',
    http: { method: 'POST', requestUri: '/' },
    output: { shape: 'Out', resultWrapper: 'GetCallerIdentityResult' },
  };

  it('reads the result wrapper and the request id of a query response', () => {
    const body =
      '<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::1:user/u</Arn></GetCallerIdentityResult><ResponseMetadata><RequestId>R1</RequestId></ResponseMetadata></GetCallerIdentityResponse>';
    expect(parseWith(query, model, getCallerIdentity, 200, body)).toEqual({
      kind: 'output',
      output: { Arn: 'arn:aws:iam::1:user/u', $metadata: { requestId: 'R1' } },
    });
  });

  it.each([
    [
      'query',
      query,
      400,
      '<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code><Message>bad token</Message></Error><RequestId>R2</RequestId></ErrorResponse>',
      { code: 'InvalidClientTokenId', message: 'bad token', requestId: 'R2', data: {} },
    ],
    [
      'ec2',
      ec2,
      400,
      '<Response><Errors><Error><Code>InvalidInstanceID.Malformed</Code><Message>Invalid id</Message></Error></Errors><RequestID>R3</RequestID></Response>',
      { code: 'InvalidInstanceID.Malformed', message: 'Invalid id', requestId: 'R3', data: {} },
    ],
    ['query, empty 400 body', query, 400, '', { code: '400', message: 'Bad Request', requestId: undefined, data: {} }],
    [
      'query, 502 HTML',
      query,
      502,
      '<html><body>Bad Gateway</body></html>',
      { code: '502', message: 'Bad Gateway', requestId: undefined, data: {} },
    ],
  ])('%s', (_, p, status, body, error) => {
    expect(parseWith(p, model, getCallerIdentity, status, body)).toEqual({ kind: 'error', error });
  });

  it('throws ResponseParseError for a 200 that is not XML', () => {
    expect(() => parseWith(query, model, getCallerIdentity, 200, 'Service Unavailable')).toThrow(ResponseParseError);
  });
});

describe('readXmlDocumentDirect (no element tree) agrees with the tree reader', async () => {
  const { createNodeModelSource } = await import('../../adapters/node/models.js');
  const { readXmlDocumentDirect, readXmlStructure } = await import('./xml.js');
  const models = createNodeModelSource();
  const ec2Model = await models.load('ec2');
  const s3Model = await models.load('s3');
  const instances = ec2Model.shapes.DescribeInstancesResult!;
  const listing = s3Model.shapes.ListObjectsV2Output!;
  const item = (i: number) =>
    `<item><instanceId>i-${i}</instanceId><instanceState><code>16</code><name>running</name></instanceState>` +
    `<launchTime>2024-05-01T12:34:56.000Z</launchTime><unknownThing><deep><er/></deep></unknownThing><ebsOptimized>false</ebsOptimized>` +
    `<tagSet><item><key>Name</key><value>a &amp; b &lt;c&gt; &#233;</value></item></tagSet><productCodes/><groupSet></groupSet></item>`;
  const docs: Array<[string, ServiceModel, typeof instances, string, boolean]> = [
    [
      'ec2 page',
      ec2Model,
      instances,
      `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId><reservationSet><item><reservationId>r-0</reservationId><instancesSet>${item(1)}${item(2)}</instancesSet></item></reservationSet></DescribeInstancesResponse>`,
      true,
    ],
    [
      'ec2 empty lists and repeated members (first wins)',
      ec2Model,
      instances,
      '<DescribeInstancesResponse><reservationSet/><nextToken>a</nextToken><nextToken>b</nextToken></DescribeInstancesResponse>',
      true,
    ],
    [
      's3 flattened list with prefixes and CRLF text',
      s3Model,
      listing,
      '<x:ListBucketResult xmlns:x="http://s3.amazonaws.com/doc/2006-03-01/"><x:Name>b</x:Name><x:Contents><x:Key>a\r\nb</x:Key><x:Size>1</x:Size></x:Contents><x:Contents><x:Key>c</x:Key><x:Size>2</x:Size></x:Contents><x:IsTruncated>false</x:IsTruncated></x:ListBucketResult>',
      true,
    ],
    [
      's3 with a comment (tree reader)',
      s3Model,
      listing,
      '<ListBucketResult><!-- c --><Name>b</Name></ListBucketResult>',
      false,
    ],
    [
      's3 with CDATA (tree reader)',
      s3Model,
      listing,
      '<ListBucketResult><Name><![CDATA[x]]></Name></ListBucketResult>',
      false,
    ],
    [
      'mismatched tags (tree reader, which reports the error)',
      s3Model,
      listing,
      '<ListBucketResult><Name>b</Nam></ListBucketResult>',
      false,
    ],
  ];

  it.each(docs)('%s', (_name, model, shape, doc, direct) => {
    const result = readXmlDocumentDirect(model, shape, doc, 'requestId');
    expect(result !== undefined).toBe(direct);
    if (result) expect(result.output).toEqual(readXmlStructure(model, shape, parseXml(doc)));
  });

  it('builds the same records where code cannot be compiled (a page whose CSP forbids eval)', () => {
    const doc = docs[0]![3];
    const expected = readXmlDocumentDirect(ec2Model, instances, doc, 'requestId')!.output;
    let refusals = 0;
    vi.stubGlobal('Function', function refused() {
      refusals++;
      throw new EvalError('Refused to evaluate a string as JavaScript');
    });
    try {
      // A copy of the model: record makers are kept per model and shape, and this one has none yet.
      const fresh = { ...ec2Model, shapes: { ...ec2Model.shapes } };
      expect(readXmlDocumentDirect(fresh, fresh.shapes.DescribeInstancesResult!, doc, 'requestId')!.output).toEqual(
        expected,
      );
      expect(refusals).toBeGreaterThan(0);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('keeps model order and exact members across more member sets than it keeps templates for', () => {
    const members = [
      'instanceId',
      'imageId',
      'keyName',
      'instanceType',
      'kernelId',
      'ramdiskId',
      'platform',
      'subnetId',
    ];
    const expected: Array<Record<string, string>> = [];
    let items = '';
    for (let mask = 1; mask < 256; mask++) {
      // Written in reverse model order: the result must still come out in the model's order.
      const present = members.filter((_, i) => mask & (1 << i));
      items += `<item>${[...present]
        .reverse()
        .map((m) => `<${m}>${m}-${mask}</${m}>`)
        .join('')}</item>`;
      const names: Record<string, string> = {
        instanceId: 'InstanceId',
        imageId: 'ImageId',
        keyName: 'KeyName',
        instanceType: 'InstanceType',
        kernelId: 'KernelId',
        ramdiskId: 'RamdiskId',
        platform: 'Platform',
        subnetId: 'SubnetId',
      };
      expected.push(Object.fromEntries(present.map((m) => [names[m]!, `${m}-${mask}`])));
    }
    const doc = `<DescribeInstancesResponse><reservationSet><item><instancesSet>${items}</instancesSet></item></reservationSet></DescribeInstancesResponse>`;
    const result = readXmlDocumentDirect(ec2Model, instances, doc)!;
    const got = (result.output.Reservations as Array<{ Instances: Array<Record<string, unknown>> }>)[0]!.Instances;
    const order = Object.keys(ec2Model.shapes.Instance!.members!);
    expect(got).toEqual(expected);
    for (const instance of got) {
      const keys = Object.keys(instance);
      expect(keys).toEqual([...keys].sort((a, b) => order.indexOf(a) - order.indexOf(b)));
    }
    expect(readXmlStructure(ec2Model, instances, parseXml(doc))).toEqual(result.output);
  });
});
