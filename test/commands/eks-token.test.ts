/**
 * `eks get-token`: the ExecCredential kubectl reads, its token the URL-safe base64 of an STS
 * GetCallerIdentity URL presigned for 60 seconds with the cluster in `x-k8s-aws-id`. Each expected URL is
 * the one botocore 1.43.11 presigned the same way (the AWS CLI's get_token.py handlers) for the same keys
 * and clock, 2026-12-06T01:00:00Z. Nothing is sent unless a role is assumed.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { createMemoryHost, reply, type Responder } from '../support/memory-host.js';

const NOW = new Date('2026-12-06T01:00:00Z');
const KEYS = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's' };

async function run(argv: string[], env: Record<string, string> = {}, responder: Responder = () => reply(500)) {
  const host = createMemoryHost(responder, { now: NOW, env: { AWS_DEFAULT_REGION: 'eu-west-1', ...KEYS, ...env } });
  const code = await runCli(['eks', 'get-token', ...argv], host);
  return { code, out: host.out.join(''), err: host.err.join(''), requests: host.requests };
}

/** The URL a token stands for. */
const urlOf = (token: string) => Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString('utf8');

describe('eks get-token', () => {
  it('prints an ExecCredential whose token is the URL botocore presigns', async () => {
    const r = await run(['--cluster-name', 'demo']);
    expect([r.code, r.err, r.requests.length]).toEqual([0, '', 0]);
    // The current AWS CLI prints it through --output (json by default) and then a newline of its own.
    expect(r.out.endsWith('}\n\n')).toBe(true);
    const credential = JSON.parse(r.out);
    expect(credential).toEqual({
      kind: 'ExecCredential',
      apiVersion: 'client.authentication.k8s.io/v1beta1',
      spec: {},
      status: {
        expirationTimestamp: '2026-12-06T01:14:00Z',
        token: expect.stringMatching(/^k8s-aws-v1\.[A-Za-z0-9_-]+$/),
      },
    });
    expect(urlOf(credential.status.token)).toBe(
      'https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261206%2Feu-west-1%2Fsts%2Faws4_request&X-Amz-Date=20261206T010000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Signature=00212ab5292befcd7006a7d37f4c6be6bd759de5f628a7887dea1c33771a5caf',
    );
  });

  it('carries a session token, in us-east-1 to its regional endpoint', async () => {
    const r = await run(['--cluster-name', 'demo', '--region', 'us-east-1'], { AWS_SESSION_TOKEN: 'tok/en' });
    expect(urlOf(JSON.parse(r.out).status.token)).toBe(
      'https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261206%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20261206T010000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Security-Token=tok%2Fen&X-Amz-Signature=346e8efec0a9af14b03201d559821b1c87407e803afb71ffbdc6518778ae3422',
    );
  });

  it('gives the token alone with --query and --output text', async () => {
    const r = await run(['--cluster-name', 'demo', '--query', 'status.token', '--output', 'text']);
    expect(r.out).toMatch(/^k8s-aws-v1\.[A-Za-z0-9_-]+\n\n$/);
  });

  it.each([
    ['{"apiVersion":"client.authentication.k8s.io/v1"}', 'client.authentication.k8s.io/v1', ''],
    [
      '{"apiVersion":"client.authentication.k8s.io/v1alpha1"}',
      'client.authentication.k8s.io/v1alpha1',
      "Kubeconfig user entry is using deprecated API version client.authentication.k8s.io/v1alpha1. Run 'aws eks update-kubeconfig' to update.\n",
    ],
    [
      'nope',
      'client.authentication.k8s.io/v1beta1',
      'Error parsing KUBERNETES_EXEC_INFO, defaulting to client.authentication.k8s.io/v1beta1. This is likely a bug in your Kubernetes client. Please update your Kubernetes client.\n',
    ],
    [
      '{"apiVersion":"x"}',
      'client.authentication.k8s.io/v1beta1',
      'Unrecognized API version in KUBERNETES_EXEC_INFO, defaulting to client.authentication.k8s.io/v1beta1. This is likely due to an outdated AWS CLI. Please update your AWS CLI.\n',
    ],
  ])('answers KUBERNETES_EXEC_INFO %s with %s, warning as the CLI does', async (info, version, warning) => {
    const r = await run(['--cluster-name', 'demo'], { KUBERNETES_EXEC_INFO: info });
    expect([JSON.parse(r.out).apiVersion, r.err]).toEqual([version, warning]);
  });

  it('wants a cluster name or id, not both, with the CLI’s words and exit codes', async () => {
    expect(await run([])).toMatchObject({
      code: 1,
      out: '',
      err: 'Either parameter --cluster-name or --cluster-id must be specified.\n',
    });
    const both = await run(['--cluster-name', 'a', '--cluster-id', 'b']);
    expect([both.code, both.err]).toEqual([
      252,
      '\nThe key "cluster_id" cannot be specified when one of the following keys are also specified: cluster_name\n',
    ]);
  });

  it('signs with an assumed role’s credentials given --role-arn', async () => {
    const assumed = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>role-secret</SecretAccessKey><SessionToken>role-token</SessionToken><Expiration>2026-12-06T02:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`;
    const r = await run(['--cluster-id', 'outpost-1', '--role-arn', 'arn:aws:iam::123456789012:role/k8s'], {}, () =>
      reply(200, assumed, { 'content-type': 'text/xml' }),
    );
    expect(r.code).toBe(0);
    expect(new TextDecoder().decode(r.requests[0]!.body as Uint8Array)).toBe(
      'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fk8s&RoleSessionName=EKSGetTokenAuth',
    );
    const url = urlOf(JSON.parse(r.out).status.token);
    expect(url).toContain('X-Amz-Credential=ASIAROLE%2F20261206%2Feu-west-1%2Fsts%2Faws4_request');
    expect(url).toContain('X-Amz-SignedHeaders=host%3Bx-k8s-aws-id&X-Amz-Security-Token=role-token&X-Amz-Signature=');
  });
});

describe('presigning a query-protocol operation', () => {
  it('carries its parameters in the URL, as botocore’s generate_presigned_url does', async () => {
    const { createClient } = await import('../../src/core/client.js');
    const host = createMemoryHost(() => reply(500), { now: NOW });
    const aws = createClient(host, { region: 'eu-west-1', credentials: { accessKeyId: 'AKID', secretAccessKey: 's' } });
    expect(await aws.presign('sts', 'GetCallerIdentity')).toBe(
      'https://sts.eu-west-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261206%2Feu-west-1%2Fsts%2Faws4_request&X-Amz-Date=20261206T010000Z&X-Amz-Expires=3600&X-Amz-SignedHeaders=host&X-Amz-Signature=b2c9409c6b5d0acc4d0a074720c73e225ddae5a3c6f9cc1a2a2ed3ae89cffc25',
    );
  });
});
