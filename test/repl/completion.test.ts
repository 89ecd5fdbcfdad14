/**
 * What Tab offers in the shell (shell.complete, as readline calls it): services, operations, options
 * with their one-line descriptions, enum values, shorthand keys, profile names, regions, local paths
 * after file:// and in s3 cp, session commands and their values, and JavaScript names for JS lines.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type Session } from './harness.js';

let s: Session;
beforeAll(async () => {
  s = await openSession(
    { AWS_REGION: 'us-east-1' },
    {
      interactive: true,
      files: {
        '.aws/config': '[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-3\n',
        '.aws/credentials': '[ci]\naws_access_key_id = A\naws_secret_access_key = B\n',
      },
    },
  );
  mkdirSync(join(s.home, 'items'));
  writeFileSync(join(s.home, 'items/one.json'), '{}');
  writeFileSync(join(s.home, 'items/two.json'), '{}');
});
afterAll(async () => {
  s.input.end();
  await s.shell.done;
});

const complete = (line: string) => s.shell.complete(line);

describe('Tab in the shell', () => {
  it('completes commands and operations, a single match with a space after it', async () => {
    expect(await complete('s3a')).toEqual([['s3api '], 's3a']);
    expect(await complete('aws sts get-caller-id')).toEqual([['get-caller-identity '], 'get-caller-id']);
    const [names] = await complete('dynamodb list-t');
    // Each operation with the first sentence of its documentation, as options have theirs.
    expect(names).toEqual([
      expect.stringMatching(/^list-tables {12}Returns an array of table names associated with the current account/),
      'list-tags-of-resource  List all tags on an Amazon DynamoDB resource.',
    ]);
  });

  it('lists options one a line with the first sentence of their documentation', async () => {
    const [options, word] = await complete('dynamodb get-item --table-name t --');
    expect(word).toBe('--');
    expect(options.find((o) => o.startsWith('--key '))).toMatch(
      /^--key {20,}A map of attribute names to AttributeValue objects, repres.*…$/,
    );
    expect(options.find((o) => o.startsWith('--consistent-read '))).toMatch(
      /^--consistent-read +Determines the read consistency model:/,
    );
    expect(options.some((o) => o.startsWith('--table-name'))).toBe(false);
    expect(options).toContain('--output');
    const [one] = await complete('dynamodb get-item --return-con');
    expect(one).toEqual(['--return-consumed-capacity ']);
  });

  it("completes enum values, and the keys of a structure argument's shorthand", async () => {
    expect((await complete('dynamodb get-item --return-consumed-capacity '))[0]).toEqual(['INDEXES', 'NONE', 'TOTAL']);
    expect(await complete('ec2 create-tags --resources i-1 --tags ')).toEqual([['Key=', 'Value='], '']);
    expect(await complete('ec2 create-tags --resources i-1 --tags Key=env,')).toEqual([['Key=env,Value='], 'Key=env,']);
    expect(await complete('ec2 describe-instances --filters Name=a,Values=b N')).toEqual([['Name='], 'N']);
    expect(
      (await complete('ec2 describe-volumes --filters Name=status,Values=available '))[0].some((o) =>
        o.startsWith('--volume-ids '),
      ),
    ).toBe(true);
    expect((await complete('lambda create-function --function-name f --runtime python3.1'))[0]).toEqual([
      'python3.10',
      'python3.11',
      'python3.12',
      'python3.13',
      'python3.14',
    ]);
  });

  it('completes profile names, regions and local paths', async () => {
    expect(await complete('sts get-caller-identity --profile ')).toEqual([['ci', 'default', 'dev'], '']);
    expect(await complete('sts get-caller-identity --region eu-west-')).toEqual([
      ['eu-west-1', 'eu-west-2', 'eu-west-3'],
      'eu-west-',
    ]);
    expect(await complete(`dynamodb put-item --table-name t --item file://${s.home}/it`)).toEqual([
      [`file://${s.home}/items/`],
      `file://${s.home}/it`,
    ]);
    expect(await complete(`dynamodb put-item --table-name t --item file://${s.home}/items/`)).toEqual([
      [`file://${s.home}/items/one.json`, `file://${s.home}/items/two.json`],
      `file://${s.home}/items/`,
    ]);
    expect(await complete(`s3 cp ${s.home}/items/o`)).toEqual([[`${s.home}/items/one.json `], `${s.home}/items/o`]);
    expect(await complete(`s3 rm ${s.home}/items/o`)).toEqual([[], `${s.home}/items/o`]);
  });

  it('completes session commands and their values', async () => {
    expect(await complete('.pro')).toEqual([['.profile '], '.pro']);
    expect(await complete('.profile d')).toEqual([['default', 'dev'], 'd']);
    expect(await complete('.output t')).toEqual([['table', 'text'], 't']);
    expect(await complete('.debug o')).toEqual([['off', 'on'], 'o']);
    expect((await complete('.region ap-south-'))[0]).toEqual(['ap-south-1', 'ap-south-2']);
  });

  it('completes JavaScript names on JavaScript lines, and both at the start of a line', async () => {
    expect(await complete('aws.se')).toEqual([['aws.send'], 'aws.se']);
    expect((await complete('aw'))[0]).toContain('aws');
    const [start] = await complete('s');
    expect(start).toEqual(expect.arrayContaining(['s3', 's3api', 'sts', 'setTimeout']));
  });
});
