/** Help pages: every section, types, enum values, shorthand and JSON syntax, 80 columns. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

async function help(...argv: string[]): Promise<string> {
  const host = createMemoryHost(() => reply(500), { env: { AWS_DEFAULT_REGION: 'us-east-1' } });
  expect(await runCli(argv, host)).toBe(0);
  expect(host.requests).toHaveLength(0);
  return host.out.join('');
}

/** A page without its EXAMPLES: the CLI's authored examples (help-examples.test.ts) keep their code blocks as wide as they were written. */
const ownText = (text: string) => text.replace(/\nEXAMPLES\n[\s\S]*?(?=\n[A-Z][A-Z ]*\n|$)/, '\n');

describe('help', () => {
  it('isoaws help lists the global options and the services', async () => {
    const text = await help('help');
    expect(text).toContain('       --output (json | text | table | yaml | yaml-stream | off)');
    expect(text).toContain('       o s3api\n');
    expect(text).toContain('       o dynamodb\n');
  });

  it('a service page describes it and lists its commands, wait included', async () => {
    const text = await help('dynamodb', 'help');
    expect(text).toMatch(/^NAME\n {7}dynamodb -\n\nDESCRIPTION\n {7}Amazon DynamoDB/);
    expect(text).toContain('       o put-item\n');
    expect(text).toContain('       o wait\n');
  });

  it('an operation page has the sections, types, enums, shorthand and JSON syntax, within 80 columns', async () => {
    const text = await help('ec2', 'describe-instances', 'help');
    for (const heading of ['NAME', 'DESCRIPTION', 'SYNOPSIS', 'OPTIONS', 'OUTPUT'])
      expect(text).toMatch(new RegExp(`(^|\n)${heading}\n`));
    expect(text).toContain('       --filters (list)\n          The filters.');
    expect(text).toContain('          Shorthand Syntax:\n\n             Name=string,Values=string,string ...\n');
    expect(text).toContain(
      '          JSON Syntax:\n\n             [\n               {\n                 "Name": "string",\n                 "Values": ["string", ...]\n               }\n               ...\n             ]\n',
    );
    expect(text).toContain('       --instance-ids (list)');
    expect(text).toContain('             "string" "string" ...');
    expect(text).toContain('       --dry-run | --no-dry-run (boolean)');
    expect(text).toContain('describe-instances is a paginated operation.');
    expect(text).toContain('       Reservations -> (list)');
    const wide = ownText(text)
      .split('\n')
      .filter((l) => l.length > 80 && /\s\S+\s/.test(l.trim()));
    expect(wide).toEqual([]);
  });

  it('lists enum values and marks required options', async () => {
    const text = await help('dynamodb', 'get-item', 'help');
    expect(text).toContain('       --table-name (string)\n          [REQUIRED]');
    expect(text).toContain('          Possible values:\n\n          o INDEXES\n          o TOTAL\n          o NONE\n');
  });

  it('configure and each of its subcommands have a page, within 80 columns', async () => {
    const top = await help('configure', 'help');
    expect(top).toMatch(/^NAME\n {7}configure -\n/);
    expect(top).toContain(
      'AVAILABLE COMMANDS\n       o add-model\n       o agent-toolkit\n       o export-credentials\n       o get\n',
    );
    for (const sub of [
      'get',
      'set',
      'add-model',
      'agent-toolkit',
      'list',
      'list-profiles',
      'import',
      'export-credentials',
      'sso',
      'sso-session',
    ]) {
      const text = await help('configure', sub, 'help');
      expect(text).toMatch(new RegExp(`^NAME\\n {7}${sub} -\\n\\nDESCRIPTION\\n`));
      expect(text).toContain(`SYNOPSIS\n            isoaws configure ${sub}`);
      expect(
        ownText(text)
          .split('\n')
          .filter((l) => l.length > 80),
      ).toEqual([]);
    }
  });

  it('waiter help says what it waits for', async () => {
    const text = (await help('dynamodb', 'wait', 'table-exists', 'help')).replace(/\s+/g, ' ');
    expect(text).toContain('Wait until path Table.TableStatus is "ACTIVE" when polling with DescribeTable.');
    expect(await help('dynamodb', 'wait', 'help')).toContain('       o table-not-exists\n');
  });
});

describe('s3 help', () => {
  it('s3 help describes the paths and lists the commands', async () => {
    const text = await help('s3', 'help');
    expect(text).toMatch(/^NAME\n {7}s3 -\n\nDESCRIPTION\n/);
    for (const command of ['cp', 'ls', 'mb', 'mv', 'presign', 'rb', 'rm', 'sync', 'website'])
      expect(text).toContain(`       o ${command}\n`);
  });

  it("each command's page (help as the last word, as the CLI takes it) has its synopsis and every option it accepts, within 80 columns", async () => {
    const cp = await help('s3', 'cp', 'a.txt', 's3://b/', 'help');
    for (const flag of [
      '--recursive',
      '--exclude',
      '--include',
      '--dryrun',
      '--quiet',
      '--only-show-errors',
      '--no-progress',
      '--acl',
      '--grants',
      '--follow-symlinks | --no-follow-symlinks',
      '--no-guess-mime-type',
      '--sse',
      '--sse-c',
      '--sse-c-key',
      '--sse-c-copy-source',
      '--sse-c-copy-source-key',
      '--sse-kms-key-id',
      '--storage-class',
      '--website-redirect',
      '--content-type',
      '--cache-control',
      '--content-disposition',
      '--content-encoding',
      '--content-language',
      '--expires',
      '--metadata',
      '--metadata-directive',
      '--request-payer',
      '--checksum-algorithm',
      '--expected-size',
    ])
      expect(cp).toContain(`\n       ${flag}`);
    expect(cp).toContain('            [--grants <value> [<value>...]]\n');
    for (const flag of ['--copy-props', '--checksum-mode', '--case-conflict', '--source-region', '--page-size'])
      expect(cp).toContain(`\n       ${flag} (`);
    expect(await help('s3', 'mb', 'help')).toContain('            [--tags <key> <value>]\n');
    const sync = await help('s3', 'sync', 'help');
    for (const flag of ['--delete', '--size-only', '--exact-timestamps', '--checksum'])
      expect(sync).toContain(`\n       ${flag} (boolean)`);
    for (const [command, flag] of [
      ['ls', '--summarize'],
      ['rb', '--force'],
      ['presign', '--expires-in'],
      ['website', '--index-document'],
      ['rm', '--recursive'],
      ['mv', '--recursive'],
      ['mb', '--tags (list)'],
    ]) {
      const text = await help('s3', command!, 'help');
      expect(text).toMatch(new RegExp(`^NAME\n       ${command} -\n`));
      expect(text).toContain(`\n       ${flag}`);
      for (const line of ownText(text).split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    }
  });

  it('an unknown s3 command followed by help is still an invalid choice (252)', async () => {
    const host = createMemoryHost(() => reply(500), { env: { AWS_DEFAULT_REGION: 'us-east-1' } });
    expect(await runCli(['s3', 'copy', 'help'], host)).toBe(252);
    expect(host.err.join('')).toContain('argument operation: Invalid choice, valid choices are:');
  });
});

describe('the notes the AWS CLI adds to help pages', () => {
  it('s3api outputs with Expires: deprecated, and the ExpiresString the CLI adds after it (s3events.py)', async () => {
    const text = await help('s3api', 'get-object', 'help');
    expect(text).toContain(
      '       Expires -> (timestamp)\n          The date and time at which the object is no longer cacheable.\n\n' +
        '          Note\n             This member has been deprecated. Please use ExpiresString instead.\n\n' +
        '       ExpiresString -> (string)\n          The raw, unparsed value of the Expires field.\n',
    );
    expect(await help('s3api', 'list-buckets', 'help')).not.toContain('ExpiresString');
  });

  it('route53 create-hosted-zone: --hosted-zone-config says to leave PrivateZone out (route53.py)', async () => {
    const text = await help('route53', 'create-hosted-zone', 'help');
    expect(text).toContain(
      '          Note do not include PrivateZone in this input structure. Its value is\n          returned in the output to the command.\n\n          Shorthand Syntax:',
    );
  });

  it('iot-data: the account’s own endpoint is recommended on the service’s page and each command’s (iot_data.py)', async () => {
    for (const page of [await help('iot-data', 'help'), await help('iot-data', 'publish', 'help')])
      expect(page).toContain('       Note\n          For production code it is strongly recommended to use the custom');
    expect(await help('iot', 'help')).not.toContain('For production code');
  });

  it('a command made for an operation under another name is named so on its page', async () => {
    expect(await help('rds', 'add-option-to-option-group', 'help')).toMatch(
      /^NAME\n {7}add-option-to-option-group -\n/,
    );
  });
});
