/**
 * `ecs monitor-express-gateway-service` as the real program (`node bin/isoaws.js`) over real sockets,
 * against the ECS stand-in of test/support/express-gateway-stand-in.ts served on 127.0.0.1 (moto has
 * none of the Express gateway operations). The service is created first with `--monitor-resources`
 * left out, then followed in the DEPLOYMENT view: every resource at the first poll, only those that
 * changed five seconds later, and Ctrl-C (SIGINT) ends it with exit 0 and the CLI's closing lines.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../conformance/fixtures.js';
import { createExpressGatewayStandIn, ecsOperation } from '../support/express-gateway-stand-in.js';

const standIn = createExpressGatewayStandIn();
let server: Server;
let endpoint = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { status, body } = standIn.answer(
        ecsOperation(req.headers['x-amz-target'] as string | undefined),
        JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>,
      );
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-1' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const dir = mkdtempSync(join(tmpdir(), 'isoaws-ecs-monitor-'));
const ENV = () => ({
  PATH: process.env.PATH,
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_MAX_ATTEMPTS: '1',
  HOME: dir,
});

/** The program with `argv`; `until` sees stdout as it grows, and the first time it says so, Ctrl-C is pressed. */
function program(argv: string[], until?: (out: string) => boolean) {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/isoaws.js'), '--endpoint-url', endpoint, ...argv], {
    env: ENV(),
  });
  let out = '';
  let err = '';
  let interrupted = false;
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
    if (!interrupted && until?.(out)) interrupted = child.kill('SIGINT');
  });
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, out, err })),
  );
}

/** The lines that begin with a time, the time checked and left out. */
const timed = (out: string) =>
  out
    .trimEnd()
    .split('\n')
    .filter((line) => line.startsWith('['))
    .map((line) => {
      expect(line).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ\] /);
      return line.slice(23);
    });

describe('ecs monitor-express-gateway-service, the real program against an ECS stand-in', () => {
  it('prints the deployment’s resources, then what changed, and ends on Ctrl-C with exit 0', async () => {
    const created = await program([
      ...['ecs', 'create-express-gateway-service', '--service-name', 'web'],
      ...['--execution-role-arn', 'arn:aws:iam::123456789012:role/exec'],
      ...['--infrastructure-role-arn', 'arn:aws:iam::123456789012:role/infra', '--primary-container', 'image=nginx'],
    ]);
    expect(created).toMatchObject({ code: 0, err: '' });
    const serviceArn = (JSON.parse(created.out) as { service: { serviceArn: string } }).service.serviceArn;

    const polls = (out: string) => timed(out).filter((l) => l.startsWith('LoadBalancer ')).length;
    const r = await program(
      ['ecs', 'monitor-express-gateway-service', '--service-arn', serviceArn, '--resource-view', 'DEPLOYMENT'],
      (out) => polls(out) === 2 && out.endsWith('\n'),
    );
    expect(r).toMatchObject({ code: 0, err: '' });
    const lines = timed(r.out);
    expect(lines.slice(0, 5)).toEqual([
      'Starting monitoring...',
      'Cluster default',
      `Service ${serviceArn}`,
      'TargetServiceRevision arn:aws:ecs:us-east-1:123456789012:service-revision/default/web/1',
      'TaskDefinition arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
    ]);
    // Stdout is a pipe: no colours, and the second poll prints only the resources that came up.
    expect(r.out).not.toContain('\x1b');
    const statuses = lines.filter((l) => l.endsWith(']')).map((l) => l.replace(/ arn:\S+/, ''));
    expect(statuses).toHaveLength(22);
    expect(statuses.slice(0, 11).every((l) => l.endsWith(' [PROVISIONING]'))).toBe(true);
    expect(statuses.slice(11).every((l) => l.endsWith(' [ACTIVE]'))).toBe(true);
    expect(statuses.slice(11, 13)).toEqual(['LoadBalancer [ACTIVE]', 'LoadBalancerSecurityGroup [ACTIVE]']);
    expect(r.out).toContain('\n  Reason: Waiting for the resource to be created\n');
    expect(lines.slice(-2)).toEqual(['Monitoring stopped by user', 'Monitoring complete!']);
    expect(standIn.calls.map((c) => c.operation).slice(1, 6)).toEqual([
      'DescribeExpressGatewayService',
      'ListServiceDeployments',
      'DescribeServiceDeployments',
      'DescribeServiceRevisions',
      'DescribeServices',
    ]);
  });
});
