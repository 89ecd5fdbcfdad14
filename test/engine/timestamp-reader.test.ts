/**
 * A timestamp reader (ParseInput.readTimestamp, CallOptions.readTimestamp) is handed each timestamp's
 * wire value, as botocore's parsers hand theirs to `timestamp_parser`: XML and header text as written
 * (an empty element as ''), JSON and CBOR numbers with whether they were written as floats, an event
 * header's milliseconds over 1000 as a float. Nested in lists, maps and structures alike; a whole float
 * anywhere else (a double, a long, a document) is still a plain number. Without a reader, Dates.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/client.js';
import type { Operation, ServiceModel } from '../../src/core/model/types.js';
import { encodeCbor } from '../../src/core/protocols/cbor.js';
import { protocol as ec2 } from '../../src/core/protocols/ec2.js';
import { withEventStream } from '../../src/core/protocols/event-stream-output.js';
import { protocol as json } from '../../src/core/protocols/json.js';
import { protocol as query } from '../../src/core/protocols/query.js';
import { protocol as restJson } from '../../src/core/protocols/rest-json.js';
import { protocol as restXml } from '../../src/core/protocols/rest-xml.js';
import { protocol as cbor } from '../../src/core/protocols/rpc-v2-cbor.js';
import type { Protocol, TimestampReader } from '../../src/core/protocols/types.js';
import { chunksOf, eventMessage } from '../support/event-stream.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

/** Records what it was given, so each test sees exactly the wire value. */
const seen: TimestampReader = (wire, float) => ({ wire, float });

const model = (protocol: string): ServiceModel => ({
  metadata: { apiVersion: '2020-01-01', endpointPrefix: 'x', protocol, targetPrefix: 'X', jsonVersion: '1.0' },
  operations: {},
  shapes: {
    Out: {
      type: 'structure',
      members: {
        At: { shape: 'Time' },
        Times: { shape: 'TimeList' },
        ByName: { shape: 'TimeMap' },
        Inner: { shape: 'Inner' },
        Doc: { shape: 'Doc' },
        Ratio: { shape: 'Double' },
        Count: { shape: 'Long' },
        Name: { shape: 'String' },
        Modified: { shape: 'Time', location: 'header', locationName: 'Last-Modified' },
        Stamps: { shape: 'TimeList', location: 'header', locationName: 'x-stamps' },
      },
    },
    Inner: { type: 'structure', members: { At: { shape: 'Time' } } },
    TimeList: { type: 'list', member: { shape: 'Time' } },
    TimeMap: { type: 'map', key: { shape: 'String' }, value: { shape: 'Time' } },
    Doc: { type: 'structure', members: {}, document: true },
    Time: { type: 'timestamp' },
    Double: { type: 'double' },
    Long: { type: 'long' },
    String: { type: 'string' },
  },
});
const op: Operation = { name: 'Op', http: { method: 'POST', requestUri: '/' }, output: { shape: 'Out' } };
const bytes = (s: string) => new TextEncoder().encode(s);
const parse = (
  p: Protocol,
  m: ServiceModel,
  body: string | Uint8Array,
  headers: Record<string, string> = {},
  reader: TimestampReader | 'dates' = seen,
  operation: Operation = op,
) => {
  const result = p.parse({
    model: m,
    operation,
    response: { statusCode: 200, headers, body: typeof body === 'string' ? bytes(body) : body },
    readTimestamp: reader === 'dates' ? undefined : reader,
  });
  if (result.kind !== 'output') throw new Error('not an output');
  const { $metadata: _, ...output } = result.output;
  return output;
};

const JSON_BODY =
  '{"At": 1.7E9, "Times": [1700000000, 1700000000.5, "2023-11-14T22:13:20Z", -1.0e0], "ByName": {"a": 1.70E+9},' +
  ' "Inner": {"At": 0.0}, "Doc": {"x": 1.0, "s": "1.0", "l": [2.5E1]}, "Ratio": 2.0, "Count": 3.0E0,' +
  ' "Name": "a \\"1.0\\" 2E3"}';
const JSON_WIRE = {
  At: { wire: 1700000000, float: true },
  Times: [
    { wire: 1700000000, float: false },
    { wire: 1700000000.5, float: true },
    { wire: '2023-11-14T22:13:20Z', float: false },
    { wire: -1, float: true },
  ],
  ByName: { a: { wire: 1700000000, float: true } },
  Inner: { At: { wire: 0, float: true } },
  Doc: { x: 1, s: '1.0', l: [25] },
  Ratio: 2,
  Count: 3,
  Name: 'a "1.0" 2E3',
};
const HEADERS = {
  'last-modified': 'Tue, 14 Nov 2023 22:13:20 GMT',
  'x-stamps': 'Tue, 14 Nov 2023 22:13:20 GMT, Wed, 15 Nov 2023 22:13:20 GMT',
};
const HEADERS_WIRE = {
  Modified: { wire: 'Tue, 14 Nov 2023 22:13:20 GMT', float: false },
  Stamps: [
    { wire: 'Tue, 14 Nov 2023 22:13:20 GMT', float: false },
    { wire: 'Wed, 15 Nov 2023 22:13:20 GMT', float: false },
  ],
};

describe('JSON protocols', () => {
  it('json: numbers with whether they were floats, strings as sent, other whole floats numbers', () => {
    expect(parse(json, model('json'), JSON_BODY)).toEqual(JSON_WIRE);
  });

  it('rest-json: the body as json, header timestamps as their text', () => {
    expect(parse(restJson, model('rest-json'), JSON_BODY, HEADERS)).toEqual({ ...HEADERS_WIRE, ...JSON_WIRE });
  });

  it('without a reader, Dates (and the same numbers)', () => {
    const out = parse(restJson, model('rest-json'), JSON_BODY, HEADERS, 'dates');
    expect(out.At).toEqual(new Date(1700000000_000));
    expect(out.Times).toEqual([
      new Date(1700000000_000),
      new Date(1700000000_500),
      new Date(1700000000_000),
      new Date(-1000),
    ]);
    expect(out.Modified).toEqual(new Date(1700000000_000));
    expect([out.Doc, out.Ratio, out.Count, out.Name]).toEqual([JSON_WIRE.Doc, 2, 3, JSON_WIRE.Name]);
  });
});

describe('XML protocols', () => {
  const members =
    '<At>2023-11-14T22:13:20.000Z</At><Times><member>2023-11-14T22:13:20Z</member><member>1700000000</member>' +
    '<member/></Times><Inner><At>2023-11-14T23:13:20+01:00</At></Inner><Ratio>2.0</Ratio>';
  const wire = {
    At: { wire: '2023-11-14T22:13:20.000Z', float: false },
    Times: [
      { wire: '2023-11-14T22:13:20Z', float: false },
      { wire: '1700000000', float: false },
      { wire: '', float: false },
    ],
    Inner: { At: { wire: '2023-11-14T23:13:20+01:00', float: false } },
    Ratio: 2,
  };
  const withMap = `${members}<ByName><entry><key>a</key><value>Tue, 14 Nov 2023 22:13:20 GMT</value></entry></ByName>`;
  const mapWire = { ...wire, ByName: { a: { wire: 'Tue, 14 Nov 2023 22:13:20 GMT', float: false } } };

  it('rest-xml: the text of each element, read without a tree and with one (a map needs it), and headers', () => {
    expect(parse(restXml, model('rest-xml'), `<Out>${members}</Out>`, HEADERS)).toEqual({ ...HEADERS_WIRE, ...wire });
    expect(parse(restXml, model('rest-xml'), `<Out>${withMap}</Out>`)).toEqual(mapWire);
  });

  it('query: inside the result wrapper', () => {
    const wrapped: Operation = { ...op, output: { shape: 'Out', resultWrapper: 'OpResult' } };
    const doc = (m: string) => `<OpResponse><OpResult>${m}</OpResult></OpResponse>`;
    expect(parse(query, model('query'), doc(members), {}, seen, wrapped)).toEqual(wire);
    expect(parse(query, model('query'), doc(withMap), {}, seen, wrapped)).toEqual(mapWire);
  });

  it('ec2: the root element read as the output', () => {
    const doc = `<OpResponse><requestId>r</requestId>${members}</OpResponse>`;
    expect(parse(ec2, model('ec2'), doc)).toEqual(wire);
    // Without a reader an empty element is no timestamp (botocore's parser fails on it too).
    expect(parse(ec2, model('ec2'), doc.replace('<member/>', ''), {}, 'dates').Times).toEqual([
      new Date(1700000000_000),
      new Date(1700000000_000),
    ]);
  });
});

describe('rpc-v2-cbor', () => {
  it('tagged epochs with whether they were floats', () => {
    // encodeCbor writes a whole Date as an integer and another as a float64, both under tag 1.
    const body = encodeCbor({ At: new Date(1700000000_000), Times: [new Date(1700000000_500)], Ratio: 2 });
    expect(parse(cbor, model('smithy-rpc-v2-cbor'), body)).toEqual({
      At: { wire: 1700000000, float: false },
      Times: [{ wire: 1700000000.5, float: true }],
      Ratio: 2,
    });
    const float = new Uint8Array([0xa1, 0x62, 0x41, 0x74, 0xc1, 0xfb, 0x41, 0xd9, 0x54, 0xfc, 0x40, 0x00, 0x00, 0x00]);
    expect(parse(cbor, model('smithy-rpc-v2-cbor'), float)).toEqual({ At: { wire: 1700000000, float: true } });
  });
});

describe('event streams', () => {
  const streamModel: ServiceModel = {
    ...model('rest-json'),
    shapes: {
      ...model('rest-json').shapes,
      Stream: { type: 'structure', eventstream: true, members: { Tick: { shape: 'Tick' } } },
      Tick: {
        type: 'structure',
        event: true,
        members: { Sent: { shape: 'Time', eventheader: true }, At: { shape: 'Time' } },
      },
    },
  };
  const message = eventMessage('Tick', '{"At": 1.7E9}', {
    Sent: { type: 'timestamp', value: 1700000000_250n },
  });
  const events = async (readTimestamp?: TimestampReader) => {
    const output = await withEventStream({ name: 'Events', ref: { shape: 'Stream' } }, {}, chunksOf(message), {
      model: streamModel,
      readPayload: restJson.readEventPayload!,
      errorOf: (e) => new Error(e.message),
      readTimestamp,
    });
    const got: unknown[] = [];
    for await (const event of output.Events as AsyncIterable<unknown>) got.push(event);
    return got;
  };

  it("a header's milliseconds over 1000, a float; the payload's as in the body", async () => {
    expect(await events(seen)).toEqual([
      { Tick: { Sent: { wire: 1700000000.25, float: true }, At: { wire: 1700000000, float: true } } },
    ]);
    expect(await events()).toEqual([{ Tick: { Sent: new Date(1700000000_250), At: new Date(1700000000_000) } }]);
  });
});

describe('through a client call', () => {
  it('CallOptions.readTimestamp reaches the parser, for one call only', async () => {
    const host = createMemoryHost(() =>
      reply(200, '{"Table": {"TableName": "tbl", "CreationDateTime": 1.7E9}}', {
        'content-type': 'application/x-amz-json-1.0',
      }),
    );
    const client = createClient(host, {
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 's' },
    });
    const params = { TableName: 'tbl' };
    const wire = await client.send('dynamodb', 'DescribeTable', params, { readTimestamp: seen });
    expect((wire.Table as Record<string, unknown>).CreationDateTime).toEqual({ wire: 1700000000, float: true });
    const plain = await client.send('dynamodb', 'DescribeTable', params);
    expect((plain.Table as Record<string, unknown>).CreationDateTime).toEqual(new Date(1700000000_000));
  });
});
