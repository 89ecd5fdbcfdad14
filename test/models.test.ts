/**
 * The generated model bundle (models/, from scripts/import-models.js): every service indexed with its
 * names and in the packs, the endpoint environment-variable ids of seed 003, and the size budget.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createNodeModelSource } from '../src/adapters/node/models.js';
import { envIdOf } from '../src/core/model/env-id.js';
import type { ServiceIndexEntry } from '../src/core/model/types.js';
import { FIXTURES, REPO_ROOT } from './conformance/fixtures.js';

const MODELS = join(REPO_ROOT, 'models');
const index: ServiceIndexEntry[] = JSON.parse(readFileSync(join(MODELS, 'index.json'), 'utf8'));

describe('models/', () => {
  it('indexes every botocore service with all its fields', () => {
    expect(index.length).toBeGreaterThanOrEqual(400);
    for (const entry of index) {
      for (const key of ['name', 'cliName', 'endpointPrefix', 'signingName', 'apiVersion', 'sdkId', 'envId'] as const) {
        expect(entry[key], `${entry.name}.${key}`).toBeTruthy();
      }
      expect(entry.protocols.length, entry.name).toBeGreaterThan(0);
    }
  });

  it('names services as the AWS CLI does: s3api, deploy, configservice, agent-toolkit, every other after its model', () => {
    expect(index.find((e) => e.name === 's3')?.cliName).toBe('s3api');
    expect(Object.fromEntries(index.filter((e) => e.name !== e.cliName).map((e) => [e.name, e.cliName]))).toEqual({
      s3: 's3api',
      codedeploy: 'deploy',
      config: 'configservice',
      agenttoolkit: 'agent-toolkit',
    });
  });

  it('derives every endpoint variable id of the table in seed 003', () => {
    const seed = readFileSync(join(FIXTURES, 'seed-003-endpoint-variables.tsv'), 'utf8');
    const rows = seed
      .split('\n')
      .map((l) => l.split('\t'))
      .filter((c) => c.length === 3);
    expect(rows.length).toBeGreaterThan(300);
    let checked = 0;
    for (const [serviceId, , variable] of rows) {
      const entry = index.find((e) => e.sdkId === serviceId);
      if (!entry) continue; // the seed lists a few services botocore 1.43.11 no longer ships
      expect(`AWS_ENDPOINT_URL_${entry.envId}`, serviceId).toBe(variable!.trim());
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('gives each model the environment id its index row has, so a client needs no index', async () => {
    const source = createNodeModelSource(MODELS);
    for (const entry of index) expect(envIdOf((await source.load(entry.name)).metadata), entry.name).toBe(entry.envId);
  });

  it('names every operation by its key, as botocore calls it (CloudFront’s wire names carry a version)', async () => {
    const source = createNodeModelSource(MODELS);
    for (const entry of index) {
      const { operations } = await source.load(entry.name);
      for (const [key, op] of Object.entries(operations)) expect(op.name, `${entry.name}.${key}`).toBe(key);
    }
  });

  it('bundles paginators, waiters and the endpoint rule set with the API model', async () => {
    const ec2 = await createNodeModelSource(MODELS).load('ec2');
    expect(Object.keys(ec2.operations).length).toBeGreaterThan(500);
    expect(ec2.paginators?.DescribeInstances?.result_key).toBe('Reservations');
    expect(ec2.waiters?.InstanceRunning?.operation).toBe('DescribeInstances');
    expect(ec2.endpointRuleSet).toBeTruthy();
    expect(JSON.stringify(ec2)).not.toContain('"documentation"');
  });

  it('gives one bundle per service, which later loads complete', async () => {
    // A source of its own: the process's (this file's) has read STS whole already.
    vi.resetModules();
    const source = (await import('../src/adapters/node/models.js')).createNodeModelSource(MODELS);
    const a = await source.load('sts', ['GetCallerIdentity']);
    expect(a.operations.GetCallerIdentity?.name).toBe('GetCallerIdentity');
    expect(a.operations.AssumeRole).toBeUndefined();
    expect(await source.load('sts')).toBe(a);
    expect(a.operations.AssumeRole?.name).toBe('AssumeRole');
    await expect(source.load('../index')).rejects.toThrow('Unknown service');
    await expect(source.load('no-such-service', [])).rejects.toThrow('Unknown service: no-such-service');
  });

  it('keeps documentation apart, as plain text, loaded only for help', async () => {
    const docs = await createNodeModelSource(MODELS).docs!('s3');
    expect(docs.operations.GetObject).toContain('Retrieves an object from Amazon S3');
    expect(docs.members['GetObjectRequest.Bucket']).toBeTruthy();
    expect(JSON.stringify(docs)).not.toMatch(/<\/?(p|code|a|ul|li)\b/);
    expect(readdirSync(join(MODELS, 'docs')).length).toBe(index.length);
  });

  // The packs weigh twice the models gzipped whole (each group compressed alone), the price of reading one
  // operation's part; the package's limit (25 MB) is what counts, measured by the library bench.
  it('keeps the whole tree, compressed, under 18 MB and the upstream notice', () => {
    const sizeOf = (dir: string): number =>
      readdirSync(dir).reduce((n, f) => {
        const s = statSync(join(dir, f));
        return n + (s.isDirectory() ? sizeOf(join(dir, f)) : s.size);
      }, 0);
    const total = sizeOf(MODELS);
    expect(total).toBeLessThan(18 * 1024 * 1024);
    expect(readFileSync(join(MODELS, 'NOTICE'), 'utf8')).toContain('botocore 1.43.11');
    expect(readFileSync(join(MODELS, 'LICENSE-botocore'), 'utf8')).toContain('Apache License');
  });
});
