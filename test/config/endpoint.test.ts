/** Configured endpoints (seed 003): each level over the ones below it, and both ignore switches. */
import { describe, expect, it } from 'vitest';
import { configuredEndpoint } from '../../src/core/config/endpoint.js';

const services = {
  'testing-s3': { s3: { endpoint_url: 'http://section-s3' }, elastic_beanstalk: { endpoint_url: 'http://section-eb' } },
};
const profile = { endpoint_url: 'http://profile', services: 'testing-s3' };
const all = { AWS_ENDPOINT_URL_S3: 'http://env-s3', AWS_ENDPOINT_URL: 'http://env-global' };

describe('configuredEndpoint', () => {
  it.each([
    ['AWS_ENDPOINT_URL_<SERVICE> first', 'S3', all, profile, 'http://env-s3'],
    ['then AWS_ENDPOINT_URL', 'S3', { AWS_ENDPOINT_URL: 'http://env-global' }, profile, 'http://env-global'],
    ['then the services section', 'S3', {}, profile, 'http://section-s3'],
    ['for each service it lists', 'ELASTIC_BEANSTALK', {}, profile, 'http://section-eb'],
    ['then the profile endpoint_url', 'STS', {}, profile, 'http://profile'],
    ['else nothing', 'STS', {}, {}, undefined],
    [
      'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS ignores environment and files',
      'S3',
      { ...all, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' },
      profile,
      undefined,
    ],
    [
      'the profile switch ignores the files only',
      'STS',
      { AWS_ENDPOINT_URL: 'http://env-global' },
      { ...profile, ignore_configured_endpoint_urls: 'true' },
      'http://env-global',
    ],
    ['the profile switch, files alone', 'S3', {}, { ...profile, ignore_configured_endpoint_urls: 'true' }, undefined],
    [
      'the variable set to false keeps the files, over the profile switch',
      'S3',
      { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' },
      { ...profile, ignore_configured_endpoint_urls: 'true' },
      'http://section-s3',
    ],
    [
      "the seed's spelling of the switch (ERR-21)",
      'S3',
      {},
      { ...profile, ignore_configure_endpoint_urls: 'true' },
      undefined,
    ],
  ])('%s', (_name, envId, env, prof, expected) => {
    expect(configuredEndpoint({ envId, env, profile: prof, services })).toBe(expected);
  });

  it('a profile naming a services section that does not exist is an error once the files are consulted (ERR-20)', () => {
    const dangling = { ...profile, services: 's3-specific' };
    expect(() => configuredEndpoint({ envId: 'S3', env: {}, profile: dangling, services })).toThrow(
      'The profile is configured to use the services section but the "s3-specific" services configuration does not exist.',
    );
    expect(
      configuredEndpoint({ envId: 'S3', env: { AWS_ENDPOINT_URL: 'http://env-global' }, profile: dangling, services }),
    ).toBe('http://env-global');
  });
});
