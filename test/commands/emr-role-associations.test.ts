/**
 * `emr-containers create-role-associations` and `delete-role-associations` against a stand-in for EKS
 * that keeps Pod Identity associations: neither reference CLI has these commands (AWS CLI v2 added them
 * after 2.9.19; v1 never had them) and moto has no Pod Identity, so what is checked is the AWS CLI's
 * source (emrcontainers/create_role_associations.py, delete_role_associations.py) and its functional
 * tests: the service accounts of each submission model, the skips and the rollback with their messages,
 * and the output (json.dumps with an indent of 4 and no newline after).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import type { HttpRequest } from '../../src/core/host.js';
import { base36 } from '../../src/commands/emr-containers/service-accounts.js';
import { createMemoryHost, reply, type MemoryHost } from '../support/memory-host.js';

const ACCOUNT = '123456789012';
const ROLE = 'emr-job-role';
const ENCODED = '31k61zpmb7mlsiqq1k5'; // base36 of the role name, as the AWS CLI computes it
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;
const CREATED = 1714560000; // 2024-05-01T10:40:00Z

interface Association {
  clusterName: string;
  namespace: string;
  serviceAccount: string;
  roleArn: string;
  associationArn: string;
  associationId: string;
  createdAt: number;
  modifiedAt: number;
}

/** EKS as far as the commands use it: one cluster, its associations, and service accounts it refuses. */
function eksStandIn(o: { existing?: Array<[string, string]>; refuse?: string; region?: string } = {}) {
  const associations: Association[] = [];
  let next = 1;
  const add = (namespace: string, serviceAccount: string) => {
    const id = `a-${String(next++).padStart(17, '0')}`;
    const association = {
      clusterName: 'analytics',
      namespace,
      serviceAccount,
      roleArn: ROLE_ARN,
      associationArn: `arn:aws:eks:us-east-1:${ACCOUNT}:podidentityassociation/analytics/${id}`,
      associationId: id,
      createdAt: CREATED,
      modifiedAt: CREATED,
    };
    associations.push(association);
    return association;
  };
  for (const [namespace, serviceAccount] of o.existing ?? []) add(namespace, serviceAccount);
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    reply(status, JSON.stringify(body), { 'content-type': 'application/json', ...headers });
  const error = (status: number, type: string, message: string) =>
    json(status, { message }, { 'x-amzn-errortype': type });
  const region = o.region ?? 'us-east-1';
  const host = createMemoryHost(
    async (req: HttpRequest) => {
      const url = new URL(req.url);
      const path = url.pathname;
      if (req.method === 'GET' && path === '/clusters/analytics') {
        const partition = region.startsWith('cn-') ? 'aws-cn' : 'aws';
        return json(200, {
          cluster: { name: 'analytics', arn: `arn:${partition}:eks:${region}:${ACCOUNT}:cluster/analytics` },
        });
      }
      if (req.method === 'GET' && path === '/clusters/nope')
        return error(404, 'ResourceNotFoundException', 'No cluster found for name: nope.');
      if (req.method === 'POST' && path === '/clusters/analytics/pod-identity-associations') {
        const body = JSON.parse(new TextDecoder().decode(req.body as Uint8Array)) as Record<string, string>;
        if (body.serviceAccount === o.refuse) return error(400, 'InvalidParameterException', 'Bad Request!');
        const taken = associations.find(
          (a) => a.namespace === body.namespace && a.serviceAccount === body.serviceAccount,
        );
        if (taken) return error(409, 'ResourceInUseException', `Association already exists: ${taken.associationId}`);
        return json(200, { association: add(body.namespace!, body.serviceAccount!) });
      }
      if (req.method === 'GET' && path === '/clusters/analytics/pod-identity-associations') {
        const found = associations.filter(
          (a) =>
            a.namespace === url.searchParams.get('namespace') &&
            a.serviceAccount === url.searchParams.get('serviceAccount'),
        );
        return json(200, { associations: found.map(({ createdAt: _c, modifiedAt: _m, ...summary }) => summary) });
      }
      const deleted = path.match(/^\/clusters\/analytics\/pod-identity-associations\/(.+)$/);
      if (req.method === 'DELETE' && deleted) {
        const at = associations.findIndex((a) => a.associationId === deleted[1]);
        if (at === -1) return error(404, 'ResourceNotFoundException', 'Association not found');
        return json(200, { association: associations.splice(at, 1)[0] });
      }
      return error(400, 'InvalidRequestException', `unexpected ${req.method} ${path}`);
    },
    {
      env: {
        AWS_ACCESS_KEY_ID: 'AKID',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_DEFAULT_REGION: region,
        AWS_ENDPOINT_URL_EKS: 'http://eks.test',
      },
    },
  );
  return { host, associations };
}

const calls = (host: MemoryHost) => host.requests.map((r) => `${r.method} ${new URL(r.url).pathname}`);
const created = (host: MemoryHost) =>
  host.requests
    .filter((r) => r.method === 'POST')
    .map((r) => JSON.parse(new TextDecoder().decode(r.body as Uint8Array)) as Record<string, string>)
    .map((b) => [b.namespace, b.serviceAccount, b.roleArn]);
const sa = (framework: string, component: string) =>
  `emr-containers-sa-${framework}-${component}-${ACCOUNT}-${ENCODED}`;
const names = ['--cluster-name', 'analytics', '--namespace', 'jobs', '--role-name', ROLE];

describe('emr-containers create-role-associations', () => {
  it("associates the role with start_job_run's three service accounts and prints them as json.dumps does", async () => {
    const { host } = eksStandIn();
    expect(await runCli(['emr-containers', 'create-role-associations', ...names], host)).toBe(0);
    expect(calls(host)).toEqual([
      'GET /clusters/analytics',
      ...Array(3).fill('POST /clusters/analytics/pod-identity-associations'),
    ]);
    expect(created(host)).toEqual([
      ['jobs', sa('spark', 'client'), ROLE_ARN],
      ['jobs', sa('spark', 'driver'), ROLE_ARN],
      ['jobs', sa('spark', 'executor'), ROLE_ARN],
    ]);
    const out = host.out.join('');
    // No newline after the closing bracket: the CLI prints json.dumps's text as it is.
    expect(out.endsWith('\n]')).toBe(true);
    expect(out.startsWith('[\n    {\n        "clusterName": "analytics",\n        "namespace": "jobs",\n')).toBe(true);
    expect(out).toContain('\n        "createdAt": "2024-05-01T10:40:00+00:00",\n');
    expect((JSON.parse(out) as Array<{ serviceAccount: string }>).map((a) => a.serviceAccount)).toEqual([
      sa('spark', 'client'),
      sa('spark', 'driver'),
      sa('spark', 'executor'),
    ]);
    expect(host.err).toEqual([]);
  });

  it.each([
    [
      'interactive_endpoint',
      [],
      [
        ['jobs', sa('spark', 'jeg')],
        ['jobs', sa('spark', 'jeg-kernel')],
        ['jobs', sa('spark', 'session')],
      ],
    ],
    [
      'spark_operator',
      ['--operator-namespace', 'ops'],
      [
        ['ops', 'emr-containers-sa-spark-operator'],
        ['jobs', sa('spark', 'driver')],
        ['jobs', sa('spark', 'executor')],
      ],
    ],
    [
      'flink_operator',
      [],
      [
        ['jobs', 'emr-containers-sa-flink-operator'],
        ['jobs', sa('flink', 'jobmanager')],
        ['jobs', sa('flink', 'taskmanager')],
      ],
    ],
    [
      'livy',
      ['--operator-namespace', 'ops'],
      [
        ['ops', 'emr-containers-sa-livy'],
        ['jobs', 'emr-container-sa-spark-livy'],
      ],
    ],
  ])(
    '--type %s associates its service accounts, in the operator namespace where it applies',
    async (type, extra, expected) => {
      const { host } = eksStandIn();
      expect(
        await runCli(['emr-containers', 'create-role-associations', ...names, '--type', type, ...extra], host),
      ).toBe(0);
      expect(created(host)).toEqual(expected.map(([namespace, account]) => [namespace, account, ROLE_ARN]));
    },
  );

  it('associates only --service-account-name when given, with the role in the partition of the region', async () => {
    const { host } = eksStandIn({ region: 'cn-north-1' });
    const args = ['emr-containers', 'create-role-associations', ...names, '--service-account-name', 'my-sa'];
    expect(await runCli(args, host)).toBe(0);
    expect(created(host)).toEqual([['jobs', 'my-sa', `arn:aws-cn:iam::${ACCOUNT}:role/${ROLE}`]]);
  });

  it('skips a service account associated already, with the CLI’s note, and prints nothing when all are skipped', async () => {
    const { host } = eksStandIn({ existing: [['jobs', 'my-sa']] });
    const args = ['emr-containers', 'create-role-associations', ...names, '--service-account-name', 'my-sa'];
    expect(await runCli(args, host)).toBe(0);
    expect(host.out).toEqual([]);
    expect(host.err.join('')).toBe(
      `Skipping pod identity association creation because pod identity association already exists for service account my-sa and role ${ROLE} in namespace jobs: Association already exists: a-00000000000000001\n`,
    );
  });

  it('rolls back what it made when EKS refuses one, then fails with the CLI’s message (exit 255)', async () => {
    const { host, associations } = eksStandIn({ refuse: sa('spark', 'executor') });
    expect(await runCli(['emr-containers', 'create-role-associations', ...names], host)).toBe(255);
    expect(associations).toEqual([]);
    expect(calls(host).slice(-2)).toEqual([
      'DELETE /clusters/analytics/pod-identity-associations/a-00000000000000001',
      'DELETE /clusters/analytics/pod-identity-associations/a-00000000000000002',
    ]);
    const about = `service account ${sa('spark', 'executor')} and role ${ROLE} in namespace jobs`;
    expect(host.err.join('')).toBe(
      `Rolling back association for ${about} as an error was encountered\n`.repeat(2) +
        `\nFailed to create pod identity association for service account ${sa('spark', 'executor')}, role ${ROLE} in namespace jobs: Bad Request!\n`,
    );
    expect(host.out).toEqual([]);
  });

  it('refuses an unknown --type and a missing name before any request (exit 252)', async () => {
    const { host } = eksStandIn();
    expect(await runCli(['emr-containers', 'create-role-associations', ...names, '--type', 'spark'], host)).toBe(252);
    expect(host.err.join('')).toContain('argument --type: Invalid choice, valid choices are:');
    expect(await runCli(['emr-containers', 'create-role-associations', '--cluster-name', 'analytics'], host)).toBe(252);
    expect(host.err.join('')).toContain('the following arguments are required: --namespace, --role-name');
    expect(host.requests).toEqual([]);
  });

  it('reports a cluster EKS does not know as its error (exit 254)', async () => {
    const { host } = eksStandIn();
    const args = [
      'emr-containers',
      'create-role-associations',
      '--cluster-name',
      'nope',
      '--namespace',
      'jobs',
      '--role-name',
      ROLE,
    ];
    expect(await runCli(args, host)).toBe(254);
    expect(host.err.join('')).toBe(
      '\nAn error occurred (ResourceNotFoundException) when calling the DescribeCluster operation: No cluster found for name: nope.\n',
    );
  });
});

describe('emr-containers delete-role-associations', () => {
  it('deletes the association of each service account and skips one that has none, with the CLI’s note', async () => {
    const { host, associations } = eksStandIn({
      existing: [
        ['jobs', sa('spark', 'client')],
        ['jobs', sa('spark', 'executor')],
        ['other', sa('spark', 'driver')],
      ],
    });
    expect(await runCli(['emr-containers', 'delete-role-associations', ...names], host)).toBe(0);
    expect(associations.map((a) => [a.namespace, a.serviceAccount])).toEqual([['other', sa('spark', 'driver')]]);
    expect(calls(host)).toEqual([
      'GET /clusters/analytics',
      'GET /clusters/analytics/pod-identity-associations',
      'DELETE /clusters/analytics/pod-identity-associations/a-00000000000000001',
      'GET /clusters/analytics/pod-identity-associations',
      'GET /clusters/analytics/pod-identity-associations',
      'DELETE /clusters/analytics/pod-identity-associations/a-00000000000000002',
    ]);
    expect(new URL(host.requests[3]!.url).searchParams.toString()).toBe(
      `namespace=jobs&serviceAccount=${sa('spark', 'driver')}`,
    );
    expect(host.err.join('')).toBe(
      `Skipping deletion as no pod identity association found for service account ${sa('spark', 'driver')} and role ${ROLE} in namespace jobs\n`,
    );
    const out = host.out.join('');
    expect(out.endsWith('\n]')).toBe(true);
    expect((JSON.parse(out) as Array<{ associationId: string }>).map((a) => a.associationId)).toEqual([
      'a-00000000000000001',
      'a-00000000000000002',
    ]);
  });

  it('prints nothing when no service account has an association', async () => {
    const { host } = eksStandIn();
    const args = ['emr-containers', 'delete-role-associations', ...names, '--type', 'livy'];
    expect(await runCli(args, host)).toBe(0);
    expect(host.out).toEqual([]);
    expect(host.err).toHaveLength(2);
  });

  it('fails with the CLI’s message when EKS refuses (exit 255)', async () => {
    const { host } = eksStandIn({ existing: [['jobs', 'my-sa']] });
    host.requests.length = 0;
    const refusing = {
      ...host,
      send: async (req: HttpRequest, opts: Parameters<typeof host.send>[1]) =>
        req.method === 'DELETE'
          ? reply(403, JSON.stringify({ message: 'not allowed' }), {
              'content-type': 'application/json',
              'x-amzn-errortype': 'AccessDeniedException',
            })
          : host.send(req, opts),
    };
    const args = ['emr-containers', 'delete-role-associations', ...names, '--service-account-name', 'my-sa'];
    expect(await runCli(args, refusing)).toBe(255);
    expect(host.err.join('')).toBe(
      `\nFailed to delete pod identity association for service account my-sa, role ${ROLE} in namespace jobs: not allowed\n`,
    );
  });
});

describe('base36 of a role name', () => {
  // The AWS CLI's own vectors (tests/unit/customizations/emrcontainers/test_base36.py).
  it.each([
    ['', '0'],
    ['abcdefghijkl', '2x6xx5ubcrus4bplmr0'],
    ['+=,.@-_', '3bu5b0xg4tb'],
    [ROLE, ENCODED],
  ])('%j → %s', (name, encoded) => {
    expect(base36(name)).toBe(encoded);
  });
});
