/**
 * S3 Select against moto_server (5.2 answers SelectObjectContent for CSV and JSON objects) over the real
 * Node host: `s3api select-object-content` writes the bytes AWS CLI v2 2.9.19 wrote for the same lines
 * (recorded with it against moto, and checked by test/clidiff/event-streams.yaml), and a library caller
 * iterates the events.
 */
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHost } from '../../src/adapters/node/host.js';
import { runCli } from '../../src/cli-app.js';
import { createClient, type Client } from '../../src/index.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const moto: MotoServer | undefined = await startMoto();
afterAll(() => moto?.stop());

const dir = mkdtempSync(join(tmpdir(), 'isoaws-select-'));
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const PEOPLE = 'name,age\nada,36\nbob,7\n';

async function aws(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const host = createNodeHost({
    env: { AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_DEFAULT_REGION: 'us-east-1', HOME: dir },
    stdout: { write: (t) => void (out += t) },
    stderr: { write: (t) => void (err += t) },
  });
  const code = await runCli(['--endpoint-url', moto!.endpoint, ...argv], host);
  return { code, out, err };
}

const select = (expression: string, output: string, file: string) => [
  's3api',
  'select-object-content',
  '--bucket',
  'people',
  '--key',
  'people.csv',
  '--expression',
  expression,
  '--expression-type',
  'SQL',
  '--input-serialization',
  'CSV={FileHeaderInfo=USE}',
  '--output-serialization',
  output,
  file,
];

describe.skipIf(!moto)('select-object-content against moto_server', () => {
  let client: Client;
  beforeAll(async () => {
    client = createClient({ region: 'us-east-1', endpointUrl: moto!.endpoint, credentials });
    await client.send('s3', 'CreateBucket', { Bucket: 'people' });
    await client.send('s3', 'PutObject', { Bucket: 'people', Key: 'people.csv', Body: PEOPLE });
  });

  it('writes the selected records as JSON lines, the bytes AWS CLI v2 wrote, and prints nothing', async () => {
    const file = join(dir, 'out.json');
    expect(await aws(...select('select * from s3object s', 'JSON={}', file))).toEqual({ code: 0, out: '', err: '' });
    // moto's select reads the file's last newline as one more, empty, record; the CLI writes what it is sent.
    expect(readFileSync(file, 'utf8')).toBe('{"name":"ada","age":"36"}\n{"name":"bob","age":"7"}\n{"name":""}\n');
  });

  it('writes the records a WHERE clause selects, as CSV', async () => {
    const file = join(dir, 'out.csv');
    const expression = "select s.name from s3object s where s.age = '36'";
    expect(await aws(...select(expression, 'CSV={}', file))).toEqual({ code: 0, out: '', err: '' });
    expect(readFileSync(file, 'utf8')).toBe('ada\n');
  });

  it('fails on a missing key as the CLI does (exit 254), writing no file', async () => {
    const file = join(dir, 'missing.csv');
    const argv = select('select * from s3object s', 'CSV={}', file).map((a) => (a === 'people.csv' ? 'nope.csv' : a));
    const r = await aws(...argv);
    expect(r.code).toBe(254);
    expect(r.err).toMatch(/^\nAn error occurred \(NoSuchKey\) when calling the SelectObjectContent operation: /);
    expect(existsSync(file)).toBe(false);
  });

  it('gives a library caller the events: Records, then Stats and End', async () => {
    const out = await client.send('s3', 'SelectObjectContent', {
      Bucket: 'people',
      Key: 'people.csv',
      Expression: 'select * from s3object s',
      ExpressionType: 'SQL',
      InputSerialization: { CSV: { FileHeaderInfo: 'USE' } },
      OutputSerialization: { CSV: {} },
    });
    const names: string[] = [];
    let records = '';
    let stats: unknown;
    for await (const event of out.Payload as AsyncIterable<Record<string, Record<string, unknown>>>) {
      names.push(...Object.keys(event));
      if (event.Records) records += new TextDecoder().decode(event.Records.Payload as Uint8Array);
      if (event.Stats) stats = event.Stats.Details;
    }
    // What botocore 1.43.11 reads from moto's answer to the same request: the same events and Stats.
    expect(records).toBe('ada,36\nbob,7\n\n');
    expect(names).toEqual(['Records', 'Stats', 'End']);
    expect(stats).toEqual({ BytesScanned: 69, BytesProcessed: 69, BytesReturned: 14 });
  });
});
