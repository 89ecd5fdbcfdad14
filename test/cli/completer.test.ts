/** isoaws_completer: candidates for the word under the cursor, from the models and the file system. */
import { describe, expect, it } from 'vitest';
import { complete } from '../../src/cli-app.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const host = createMemoryHost(() => reply(500));
await host.fs.writeFile('/work/items/one.json', '{}');
await host.fs.writeFile('/work/items/two.json', '{}');
await host.fs.writeFile('/work/notes.txt', 'x');

const at = (line: string) => complete(line, line.length, host);

describe('completion', () => {
  it('completes services, operations, waiters and help', async () => {
    expect(await at('isoaws s3a')).toEqual(['s3api']);
    expect(await at('isoaws dynamodb list-t')).toEqual(['list-tables', 'list-tags-of-resource']);
    expect(await at('isoaws dynamodb wa')).toEqual(['wait']);
    expect(await at('isoaws dynamodb wait table-')).toEqual(['table-exists', 'table-not-exists']);
    expect(await at('aws --debug --region us-east-1 sts get-c')).toEqual(['get-caller-identity']);
  });

  it("completes the CLI's own commands: configure and its subcommands, sso login", async () => {
    expect(await at('isoaws config')).toEqual(['configservice', 'configure']);
    expect(await at('isoaws configure ')).toEqual([
      'add-model',
      'agent-toolkit',
      'export-credentials',
      'get',
      'help',
      'import',
      'list',
      'list-profiles',
      'mfa-login',
      'set',
      'sso',
      'sso-session',
      'wizard',
    ]);
    expect(await at('isoaws configure list-')).toEqual(['list-profiles']);
    expect(await at('isoaws sso log')).toEqual(['login', 'logout']);
    expect(await at('isoaws s3')).toEqual([
      's3',
      's3api',
      's3control',
      's3files',
      's3outposts',
      's3tables',
      's3vectors',
    ]);
    expect(await at('isoaws s3 ')).toEqual(['cp', 'ls', 'mb', 'mv', 'presign', 'rb', 'rm', 'sync', 'website']);
    expect(await at('isoaws glacier tree')).toEqual(['tree-hash']);
  });

  it('completes the operation options, not those already given, and global options after a dash', async () => {
    const options = await at('isoaws dynamodb get-item --table-name t --');
    expect(options).toContain('--key');
    expect(options).toContain('--consistent-read');
    expect(options).toContain('--no-consistent-read');
    expect(options).not.toContain('--table-name');
    expect(options).toContain('--output');
    expect(await at('isoaws iam list-users --max')).toEqual(['--max-items']);
  });

  it('completes enum values and global option values', async () => {
    expect(await at('isoaws dynamodb get-item --return-consumed-capacity ')).toEqual(['INDEXES', 'NONE', 'TOTAL']);
    expect(await at('isoaws --output t')).toEqual(['table', 'text']);
    expect(await at('isoaws ec2 describe-instances --region eu-west-')).toEqual([
      'eu-west-1',
      'eu-west-2',
      'eu-west-3',
    ]);
  });

  it('completes local paths after file:// and fileb://', async () => {
    expect(await at('isoaws dynamodb put-item --item file:///work/')).toEqual([
      'file:///work/items/',
      'file:///work/notes.txt',
    ]);
    expect(await at('isoaws kms encrypt --plaintext fileb:///work/items/t')).toEqual(['fileb:///work/items/two.json']);
  });

  it('uses COMP_POINT, not the end of the line', async () => {
    const line = 'isoaws dynamodb lis --table-name x';
    expect(await complete(line, 'isoaws dynamodb lis'.length, host)).toContain('list-tables');
  });
});
