/**
 * The config reader against botocore's: every text in ini-cases.json was parsed by the machine's
 * botocore (scripts/record-config-cases.py), and isoaws must make the same sections of it, or fail
 * where botocore fails — naming the file and the line.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configProfiles, ConfigParseError, parseIni } from '../../src/core/config/ini.js';

const recorded = JSON.parse(readFileSync(new URL('./ini-cases.json', import.meta.url), 'utf8')) as {
  cases: Array<{ name: string; text: string; parsed?: unknown; error?: boolean }>;
};

describe('config files, as botocore reads them', () => {
  it.each(recorded.cases.map((c) => [c.name, c]))('%s', (_name, c) => {
    if (c.error) {
      expect(() => parseIni(c.text, '/home/u/.aws/config')).toThrow(ConfigParseError);
      expect(() => parseIni(c.text, '/home/u/.aws/config')).toThrow(
        /^Unable to parse config file: \/home\/u\/\.aws\/config\n/,
      );
    } else {
      expect(parseIni(c.text, '/home/u/.aws/config')).toEqual(c.parsed);
    }
  });

  it('names the line of a malformed entry', () => {
    expect(() => parseIni('[default]\nregion = a\nregion us-east-1\n', 'cfg')).toThrow(
      'Unable to parse config file: cfg\nline 3: expected "key = value" or a [section], found "region us-east-1"',
    );
  });

  it('sorts sections into profiles, sso sessions and services', () => {
    const data = configProfiles(
      parseIni(
        '[default]\nregion = a\n[profile "my profile"]\nregion = b\n[profile dev]\nregion = c\n[sso-session corp]\nsso_region = d\n[services local]\nsts =\n  endpoint_url = http://x\n[other]\nx = 1\n',
        'cfg',
      ),
    );
    expect(Object.keys(data.profiles)).toEqual(['default', 'my profile', 'dev']);
    expect(data.ssoSessions.corp).toEqual({ sso_region: 'd' });
    expect(data.services.local).toEqual({ sts: { endpoint_url: 'http://x' } });
  });
});
