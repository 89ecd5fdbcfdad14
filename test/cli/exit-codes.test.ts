/**
 * Every exit code of the CLI through runCli and an in-memory host, with the stderr text the AWS CLI
 * prints: 0 success, 252 usage, 253 configuration and credentials, 254 service error, 255 anything
 * else, 130 interrupted.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { AbortedError, NetworkError } from '../../src/core/errors.js';
import { createMemoryHost, reply, type Responder } from '../support/memory-host.js';

const IDENTITY =
  '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/a</Arn><UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>';
const ENV = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'secret', AWS_DEFAULT_REGION: 'us-east-1' };
const USAGE =
  'usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n';

async function run(
  argv: string[],
  responder: Responder = () => reply(200, IDENTITY),
  env: Record<string, string> = ENV,
  signal?: AbortSignal,
) {
  const host = createMemoryHost(responder, { env });
  const code = await runCli(argv, host, { signal });
  return { code, out: host.out.join(''), err: host.err.join(''), requests: host.requests.length };
}

describe('exit codes', () => {
  it('0: success, output on stdout', async () => {
    const r = await run(['sts', 'get-caller-identity', '--query', 'Account', '--output', 'text']);
    expect(r).toMatchObject({ code: 0, out: '123456789012\n', err: '' });
  });

  it.each([
    [['sts', 'get-caller-identiti'], 'argument operation: Invalid choice, valid choices are:'],
    [['ec3', 'describe-instances'], 'argument command: Invalid choice, valid choices are:'],
    [
      ['sns', 'publish', '--topic-arn', 'arn:aws:sns:us-east-1:1:t'],
      'aws: error: the following arguments are required: --message',
    ],
    [['iam', 'list-users', '--max-items', 'many'], "aws: error: argument --max-items: invalid int value: 'many'"],
    [['sts'], 'aws: error: the following arguments are required: operation'],
    [[], 'aws: error: the following arguments are required: command'],
    [['--output', 'xml', 'sts', 'get-caller-identity'], 'argument --output: Invalid choice'],
  ])('252: %j', async (argv, text) => {
    const r = await run(argv);
    expect(r.code).toBe(252);
    expect(r.err.startsWith(`\n${USAGE}\n`)).toBe(true);
    expect(r.err).toContain(text);
    expect(r.requests).toBe(0);
  });

  it('252: close matches for a mistyped operation or command', async () => {
    const r = await run(['sts', 'get-caller-identiti']);
    expect(
      r.err.endsWith("\n\nInvalid choice: 'get-caller-identiti', maybe you meant:\n\n  * get-caller-identity\n\n"),
    ).toBe(true);
    expect(
      (await run(['dynamdb', 'list-tables'])).err.endsWith(
        "\n\nInvalid choice: 'dynamdb', maybe you meant:\n\n  * dynamodb\n\n",
      ),
    ).toBe(true);
  });

  it.each([
    [['sts', 'get-caller-identity', '--bogus-flag', '1'], `\n${USAGE}\nUnknown options: --bogus-flag, 1\n\n`],
    // The CLI's own commands word it as their parameter check: no usage, the words joined by commas alone.
    [['configure', 'get', 'region', '--foo', '1'], '\nUnknown options: --foo,1\n'],
    [['sso', 'login', '--foo'], '\nUnknown options: --foo\n'],
    [
      ['dynamodb', 'get-item', '--table-name', 't', '--key', '{"id": {"S": "1"}'],
      "\nError parsing parameter '--key': Invalid JSON:",
    ],
    [
      ['ec2', 'describe-instances', '--filters', 'Name=instance-type,Values=[t2.micro,t2.small'],
      "\nError parsing parameter '--filters': Expected: ',', received: 'EOF' for input:\nName=instance-type,Values=[t2.micro,t2.small\n                                            ^\n",
    ],
    [
      ['sns', 'publish', '--topic-arn', 'arn:aws:sns:us-east-1:1:t', '--message', 'file://nope.txt'],
      "\nError parsing parameter '--message': Unable to load paramfile file://nope.txt: [Errno 2] No such file or directory: 'nope.txt'\n",
    ],
    [
      ['sts', 'get-caller-identity', '--query', 'foo['],
      '\nBad value for --query foo[: Invalid jmespath expression: Incomplete expression:\n"foo["\n     ^\n',
    ],
    [
      ['--no-paginate', 'sns', 'list-topics', '--max-items', '2'],
      '\nCannot specify --no-paginate along with pagination arguments: --max-items\n',
    ],
  ])('252: %j', async (argv, text) => {
    const r = await run(argv);
    expect(r.code).toBe(252);
    expect(r.err.startsWith(text)).toBe(true);
    expect(r.requests).toBe(0);
  });

  it('253: no credentials, nothing sent', async () => {
    // Instance metadata is off, as on a machine that is not EC2 (the chain would otherwise ask it).
    const r = await run(['sts', 'get-caller-identity'], undefined, {
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    expect(r).toMatchObject({
      code: 253,
      err: '\nUnable to locate credentials. You can configure credentials by running "aws configure".\n',
      requests: 0,
    });
  });

  it('253: no region', async () => {
    const r = await run(['sts', 'get-caller-identity'], undefined, {
      AWS_ACCESS_KEY_ID: 'a',
      AWS_SECRET_ACCESS_KEY: 'b',
    });
    expect(r).toMatchObject({
      code: 253,
      err: '\nYou must specify a region. You can also configure your region by running "aws configure".\n',
      requests: 0,
    });
  });

  it.each(['bad region', 'us-east-1!', 'a'.repeat(64)])(
    '255: a region that is no host label (%j), nothing sent',
    async (region) => {
      const r = await run(['sts', 'get-caller-identity', '--region', region]);
      expect(r).toEqual({
        code: 255,
        out: '',
        err: `\nProvided region_name '${region}' doesn't match a supported format.\n`,
        requests: 0,
      });
    },
  );

  it('254: the service said no', async () => {
    const r = await run(['sns', 'get-topic-attributes', '--topic-arn', 'arn:aws:sns:us-east-1:1:missing'], () =>
      reply(
        404,
        '<ErrorResponse><Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic does not exist</Message></Error><RequestId>r</RequestId></ErrorResponse>',
        { 'content-type': 'text/xml' },
      ),
    );
    expect(r).toMatchObject({
      code: 254,
      out: '',
      err: '\nAn error occurred (NotFound) when calling the GetTopicAttributes operation: Topic does not exist\n',
    });
  });

  it('255: the endpoint cannot be reached', async () => {
    const r = await run(
      ['sts', 'get-caller-identity'],
      () => {
        throw new NetworkError(
          'https://sts.amazonaws.com/',
          'Could not connect to the endpoint URL: "https://sts.amazonaws.com/"',
        );
      },
      { ...ENV, AWS_MAX_ATTEMPTS: '1' },
    );
    expect(r).toMatchObject({
      code: 255,
      err: '\nCould not connect to the endpoint URL: "https://sts.amazonaws.com/"\n',
    });
  });

  it('130: interrupted', async () => {
    const controller = new AbortController();
    // A transport rejects with AbortedError once the signal fires, as the Node transport does.
    const hang: Responder = (_req, _i, opts) =>
      new Promise((_resolve, reject) => {
        opts.signal?.addEventListener('abort', () => reject(new AbortedError()));
        setTimeout(() => controller.abort(), 5);
      });
    const r = await run(['sts', 'get-caller-identity'], hang, ENV, controller.signal);
    expect(r.code).toBe(130);
  });

  it('--version prints the program and runtime', async () => {
    const host = createMemoryHost(() => reply(200));
    expect(await runCli(['--version'], host, { platform: 'Node/20.0.0 linux/6.1' })).toBe(0);
    expect(host.out.join('')).toMatch(/^isoaws\/\d+\.\d+\.\d+ Node\/20\.0\.0 linux\/6\.1\n$/);
  });
});
