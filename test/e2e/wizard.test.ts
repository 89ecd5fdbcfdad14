/**
 * The wizards in the real program (`node bin/isoaws.js`, built by test/support/build-cli.ts) against
 * moto_server, their answers piped on stdin all at once: `dynamodb wizard new-table` makes the table it
 * previews, `iam wizard new-role` the role with its policy and a profile that assumes it. The services
 * are reached through AWS_ENDPOINT_URL, as the CLI's wizards' clients (session.create_client) reach them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../conformance/fixtures.js';
import { startMoto, type MotoServer } from '../support/moto.js';

const moto: MotoServer | undefined = await startMoto({ MOTO_IAM_LOAD_MANAGED_POLICIES: 'true' });
afterAll(() => moto?.stop());

function isoaws(home: string, args: string[], input = '') {
  return spawnSync(process.execPath, [join(REPO_ROOT, 'bin/isoaws.js'), ...args], {
    input,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: home,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_ENDPOINT_URL: moto!.endpoint,
      AWS_MAX_ATTEMPTS: '1',
    },
  });
}

describe.skipIf(!moto)('wizards against moto_server, answers piped', () => {
  it('dynamodb wizard new-table creates the table it previews', () => {
    const home = mkdtempSync(join(tmpdir(), 'isoaws-wizard-'));
    // name, key, Number, no sort key, On-demand, DEFAULT encryption, the CLI command preview, Run.
    const r = isoaws(home, ['dynamodb', 'wizard', 'new-table'], 'WizardTable\nid\n2\n2\n2\n1\n2\n1\n');
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain(
      "Preview:\naws dynamodb create-table \\\n  --table-name 'WizardTable' \\\n  --attribute-definitions \\\n" +
        "    'AttributeName=id,AttributeType=N' \\\n  --key-schema \\\n    'AttributeName=id,KeyType=HASH' \\\n" +
        '  --billing-mode PAY_PER_REQUEST\n',
    );
    expect(r.stdout).toContain(
      'Wizard successfully created DynamoDB Table:\n  Table name: WizardTable\n  Primary partition key: id (N)\n',
    );
    const table = isoaws(home, ['dynamodb', 'describe-table', '--table-name', 'WizardTable', '--query', 'Table']);
    expect(JSON.parse(table.stdout)).toMatchObject({
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'N' }],
      BillingModeSummary: { BillingMode: 'PAY_PER_REQUEST' },
    });
  });

  it('iam wizard new-role creates the role, attaches the policy and writes the profile', () => {
    const home = mkdtempSync(join(tmpdir(), 'isoaws-wizard-'));
    mkdirSync(join(home, '.aws'));
    writeFileSync(join(home, '.aws/config'), '[profile base]\nregion = us-east-1\n');
    const policies = isoaws(home, [
      'iam',
      'list-policies',
      '--query',
      'sort_by(Policies[?IsAttachable==`true`&&Path!=`/aws-service-role/`], &PolicyName)[].PolicyName',
    ]);
    const names = JSON.parse(policies.stdout) as string[];
    const choice = names.indexOf('ReadOnlyAccess') + 1;
    expect(choice).toBeGreaterThan(0);
    // name, description, AWS Service, AWS Lambda, ReadOnlyAccess, a profile "wizard" from the source
    // profile "base", no preview, Run.
    const answers = ['wizard-role', 'Made by the wizard', '1', '2', String(choice), '1', 'wizard', '1', '1', '1', '1'];
    const r = isoaws(home, ['iam', 'wizard', 'new-role'], `${answers.join('\n')}\n`);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const arn = 'arn:aws:iam::123456789012:role/wizard-role';
    expect(r.stdout).toContain(
      `Wizard successfully created role with following properties:\n  Role name: wizard-role\n  Role ARN: ${arn}\n`,
    );
    const role = isoaws(home, ['iam', 'get-role', '--role-name', 'wizard-role', '--query', 'Role']);
    expect(JSON.parse(role.stdout)).toMatchObject({
      Description: 'Made by the wizard',
      AssumeRolePolicyDocument: { Statement: [{ Principal: { Service: 'lambda.amazonaws.com' } }] },
    });
    const attached = isoaws(home, ['iam', 'list-attached-role-policies', '--role-name', 'wizard-role']);
    expect(JSON.parse(attached.stdout)).toEqual({
      AttachedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
    });
    expect(readFileSync(join(home, '.aws/config'), 'utf8')).toBe(
      `[profile base]\nregion = us-east-1\n[profile wizard]\nsource_profile = base\nrole_arn = ${arn}\n`,
    );
  });

  it('input that ends mid-way stops the wizard (255) before anything is made', () => {
    const home = mkdtempSync(join(tmpdir(), 'isoaws-wizard-'));
    const r = isoaws(home, ['dynamodb', 'wizard', 'new-table'], 'Unfinished\nid\n');
    expect(r.status).toBe(255);
    expect(r.stderr).toBe('\nEOF when reading a line\n');
    const tables = isoaws(home, ['dynamodb', 'list-tables', '--query', 'TableNames']);
    expect(JSON.parse(tables.stdout)).not.toContain('Unfinished');
  });
});
