/**
 * `configure add-model` and the models it adds, in memory: the file lands where the AWS CLI puts it,
 * named as the CLI names the service, and the next command line of that service is parsed, sent and
 * printed from the added model (argv → request → output), with botocore's rules for which version wins
 * and where the endpoint comes from (core/model/user-models.ts).
 */
import { describe, expect, it } from 'vitest';
import { createNodeModelSource } from '../../src/adapters/node/models.js';
import { runCli } from '../../src/cli-app.js';
import { userModelsDir, withUserModels } from '../../src/core/model/user-models.js';
import { createMemoryHost, reply, type MemoryHost } from '../support/memory-host.js';

const WIDGETS = {
  version: '2.0',
  metadata: {
    apiVersion: '2020-01-01',
    endpointPrefix: 'widgets',
    jsonVersion: '1.1',
    protocol: 'json',
    serviceFullName: 'Widget Service',
    serviceId: 'Widgets',
    signatureVersion: 'v4',
    signingName: 'widgets',
    targetPrefix: 'Widgets_20200101',
    uid: 'widgets-2020-01-01',
  },
  operations: {
    ListWidgets: {
      name: 'ListWidgets',
      http: { method: 'POST', requestUri: '/' },
      input: { shape: 'ListWidgetsRequest' },
      output: { shape: 'ListWidgetsResponse' },
      documentation: '<p>Lists the <b>widgets</b>.</p>',
    },
  },
  shapes: {
    ListWidgetsRequest: {
      type: 'structure',
      members: { Shade: { shape: 'String', documentation: '<p>A shade.</p>' }, Limit: { shape: 'Integer' } },
    },
    ListWidgetsResponse: { type: 'structure', members: { Widgets: { shape: 'Names' } } },
    Names: { type: 'list', member: { shape: 'String' } },
    String: { type: 'string' },
    Integer: { type: 'integer' },
  },
  documentation: '<p>Widgets &amp; gadgets.</p>',
};

const MODELS = '/home/test/.aws/models';

function hostFor(
  respond = () => reply(200, '{"Widgets": ["a", "b"]}', { 'content-type': 'application/x-amz-json-1.1' }),
) {
  const host = createMemoryHost(respond, {
    env: { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's', AWS_DEFAULT_REGION: 'us-east-1' },
  });
  host.models = withUserModels(createNodeModelSource(), host.fs, userModelsDir(host.homeDir));
  return host;
}

async function run(host: MemoryHost, ...argv: string[]) {
  host.out.length = 0;
  host.err.length = 0;
  const code = await runCli(argv, host);
  return { code, out: host.out.join(''), err: host.err.join('') };
}

describe('configure add-model', () => {
  it('writes the model under ~/.aws/models, and the service’s commands then call it (argv → request → output)', async () => {
    const host = hostFor();
    const text = JSON.stringify(WIDGETS, null, 2);
    await host.fs.writeFile('/home/test/widgets.json', text);
    expect(await run(host, 'configure', 'add-model', '--service-model', 'file:///home/test/widgets.json')).toEqual({
      code: 0,
      out: '',
      err: '',
    });
    expect(new TextDecoder().decode(await host.fs.readFile(`${MODELS}/widgets/2020-01-01/service-2.json`))).toBe(text);

    const listed = await run(host, 'widgets', 'list-widgets', '--shade', 'red', '--limit', '2', '--output', 'text');
    expect(listed).toEqual({ code: 0, out: 'WIDGETS\ta\nWIDGETS\tb\n', err: '' });
    const [req] = host.requests;
    // No rule set: botocore's legacy endpoint, signed for the model's signing name.
    expect(req!.url).toBe('https://widgets.us-east-1.amazonaws.com/');
    expect(req!.headers['X-Amz-Target']).toBe('Widgets_20200101.ListWidgets');
    expect(new TextDecoder().decode(req!.body as Uint8Array)).toBe('{"Shade":"red","Limit":2}');
    expect(Object.entries(req!.headers).find(([k]) => k.toLowerCase() === 'authorization')?.[1]).toMatch(
      /Credential=AKID\/\d{8}\/us-east-1\/widgets\/aws4_request/,
    );

    expect((await run(host, 'widgets', 'list-widgets', '--endpoint-url', 'http://127.0.0.1:1')).code).toBe(0);
    expect(host.requests.at(-1)!.url).toBe('http://127.0.0.1:1/');
    expect((await run(host, 'widgets', 'list-widgets', '--region', 'eu-west-1')).code).toBe(0);
    expect(host.requests.at(-1)!.url).toBe('https://widgets.eu-west-1.amazonaws.com/');
    // Its help is the model's documentation.
    const help = await run(host, 'widgets', 'help');
    expect(help.out).toContain('Widgets & gadgets.');
    expect(help.out).toContain('list-widgets');
  });

  it('names the service as the CLI does, and a model older than the bundled one does not replace it', async () => {
    const host = hostFor(() => reply(200, '<ListMetricsResponse><ListMetricsResult/></ListMetricsResponse>'));
    // CloudWatch's endpoint prefix is `monitoring`: the model goes under `cloudwatch`.
    const model = (apiVersion: string) =>
      JSON.stringify({
        metadata: {
          ...WIDGETS.metadata,
          apiVersion,
          endpointPrefix: 'monitoring',
          protocol: 'query',
          signingName: 'monitoring',
        },
        operations: {
          ListMetrics: { name: 'ListMetrics', http: { method: 'POST', requestUri: '/' }, input: { shape: 'In' } },
          PingWidgets: { name: 'PingWidgets', http: { method: 'POST', requestUri: '/' }, input: { shape: 'In' } },
        },
        shapes: { In: { type: 'structure', members: {} } },
      });
    expect((await run(host, 'configure', 'add-model', '--service-model', model('2000-01-01'))).code).toBe(0);
    expect(await host.fs.readDir(`${MODELS}/cloudwatch`)).toEqual(['2000-01-01']);
    const older = await run(host, 'cloudwatch', 'ping-widgets');
    expect(older.code).toBe(252);
    expect(older.err).toContain('Invalid choice');

    expect((await run(host, 'configure', 'add-model', '--service-model', model('2099-01-01'))).code).toBe(0);
    expect((await run(host, 'cloudwatch', 'ping-widgets')).code).toBe(0);
    // The bundled rule set still gives the endpoint; the added model the operations.
    const ping = host.requests.at(-1)!;
    expect(ping.url).toBe('https://monitoring.us-east-1.amazonaws.com/');
    expect(new TextDecoder().decode(ping.body as Uint8Array)).toBe('Action=PingWidgets&Version=2099-01-01');
    // --service-name wins over the endpoint prefix.
    expect(
      (await run(host, 'configure', 'add-model', '--service-model', model('2001-01-01'), '--service-name', 'cw2')).code,
    ).toBe(0);
    expect(await host.fs.stat(`${MODELS}/cw2/2001-01-01/service-2.json`)).toBeDefined();
  });

  it('refuses what is not a model: the CLI’s JSON message (255), a usage error without --service-model (252)', async () => {
    const host = hostFor();
    expect(await run(host, 'configure', 'add-model', '--service-model', '{bad')).toEqual({
      code: 255,
      out: '',
      err: '\nExpecting property name enclosed in double quotes: line 1 column 2 (char 1)\n',
    });
    const missing = await run(host, 'configure', 'add-model');
    expect(missing.code).toBe(252);
    expect(missing.err).toContain('the following arguments are required: --service-model');
    const empty = await run(host, 'configure', 'add-model', '--service-model', '{}');
    expect(empty).toEqual({
      code: 255,
      out: '',
      err: '\nThe service model must have metadata with its apiVersion and endpointPrefix.\n',
    });
    expect(await host.fs.stat(MODELS)).toBeUndefined();
  });
});
