/** classifyLine: which lines are commands, JavaScript, requests for a synopsis, or unfinished. */
import { describe, expect, it } from 'vitest';
import { classifyLine } from '../../src/shell/line.js';

const commands = new Set(['s3', 's3api', 'ec2', 'sts', 'lambda', 'configure', 'help']);

describe('classifyLine', () => {
  it('expands ~ as a terminal shell does: at the start of an unquoted word, alone or before /', () => {
    expect(
      classifyLine(
        `s3api get-object --bucket b --key k ~/out.json ~ '~/quoted' "~" a~/x ~user --x=~/y`,
        commands,
        '/home/ada',
      ),
    ).toEqual({
      kind: 'cli',
      args: [
        's3api',
        'get-object',
        '--bucket',
        'b',
        '--key',
        'k',
        '/home/ada/out.json',
        '/home/ada',
        '~/quoted',
        '~',
        'a~/x',
        '~user',
        '--x=~/y',
      ],
    });
  });

  it.each([
    ['', { kind: 'blank' }],
    ['   # a comment', { kind: 'blank' }],
    ['s3 ls', { kind: 'cli', args: ['s3', 'ls'] }],
    ['aws s3 ls s3://b', { kind: 'cli', args: ['s3', 'ls', 's3://b'] }],
    ['isoaws sts get-caller-identity', { kind: 'cli', args: ['sts', 'get-caller-identity'] }],
    [
      "ec2 describe-instances --query 'Reservations[].Instances[].InstanceId' --output text",
      {
        kind: 'cli',
        args: ['ec2', 'describe-instances', '--query', 'Reservations[].Instances[].InstanceId', '--output', 'text'],
      },
    ],
    ['sts', { kind: 'cli', args: ['sts'] }],
    ['--version', { kind: 'cli', args: ['--version'] }],
    [
      '--region eu-west-1 sts get-caller-identity',
      { kind: 'cli', args: ['--region', 'eu-west-1', 'sts', 'get-caller-identity'] },
    ],
    ['configure list', { kind: 'cli', args: ['configure', 'list'] }],
    ['sts get-caller-identity ?', { kind: 'describe', args: ['sts', 'get-caller-identity'] }],
    ['ec2 ?', { kind: 'describe', args: ['ec2'] }],
    ['?', { kind: 'describe', args: [] }],
    [
      "s3api put-object --bucket b --key 'what?'",
      { kind: 'cli', args: ['s3api', 'put-object', '--bucket', 'b', '--key', 'what?'] },
    ],
    ["sts get-caller-identity --query '{", { kind: 'incomplete' }],
    ['sts get-caller-identity --cli-input-json {"a": [1,', { kind: 'incomplete' }],
    ['sts get-caller-identity \\', { kind: 'incomplete' }],
    [
      "sts get-caller-identity --query '{\n  a: Arn\n}'",
      { kind: 'cli', args: ['sts', 'get-caller-identity', '--query', '{\n  a: Arn\n}'] },
    ],
    [
      'sts get-caller-identity \\\n  --output text',
      { kind: 'cli', args: ['sts', 'get-caller-identity', '--output', 'text'] },
    ],
    ['aws', { kind: 'js', code: 'aws' }],
    ['await aws.s3.listBuckets()', { kind: 'js', code: 'await aws.s3.listBuckets()' }],
    ['$.Buckets.map(b => b.Name)', { kind: 'js', code: '$.Buckets.map(b => b.Name)' }],
    ['s3.length', { kind: 'js', code: 's3.length' }],
    ['lambda = 1', { kind: 'js', code: 'lambda = 1' }],
    ['const x = {', { kind: 'js', code: 'const x = {' }],
    ['--x', { kind: 'js', code: '--x' }],
    // Shaped like a command, and not JavaScript: the CLI's answer (invalid choice) beats a SyntaxError.
    ['dynamdb list-tables', { kind: 'cli', args: ['dynamdb', 'list-tables'] }],
    ['nosuchservice do-things --flag 1', { kind: 'cli', args: ['nosuchservice', 'do-things', '--flag', '1'] }],
    ['dynamdb', { kind: 'js', code: 'dynamdb' }],
    ['a - b', { kind: 'js', code: 'a - b' }],
    ['const x -y', { kind: 'js', code: 'const x -y' }],
    ['count -1', { kind: 'js', code: 'count -1' }],
  ])('%j', (line, expected) => {
    expect(classifyLine(line, commands)).toEqual(expected);
  });
});
