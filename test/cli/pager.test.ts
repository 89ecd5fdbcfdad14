/** The pager: used only when AWS_PAGER names one and stdout is a terminal; --no-cli-pager turns it off. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const IDENTITY =
  '<GetCallerIdentityResponse><GetCallerIdentityResult><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>';

async function run(env: Record<string, string>, tty: boolean, extra: string[] = []) {
  const host = createMemoryHost(() => reply(200, IDENTITY), {
    env: { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b', AWS_DEFAULT_REGION: 'us-east-1', ...env },
  });
  const paged: string[] = [];
  let opened: string | undefined;
  let closed = false;
  const code = await runCli(['sts', 'get-caller-identity', '--query', 'Account', '--output', 'text', ...extra], host, {
    stdoutIsTty: tty,
    openPager: (command) => {
      opened = command;
      return {
        stdout: {
          write: (t) => {
            paged.push(String(t));
          },
        },
        done: async () => {
          closed = true;
        },
      };
    },
  });
  return { code, out: host.out.join(''), paged: paged.join(''), opened, closed };
}

describe('pager', () => {
  it('is off by default', async () => {
    expect(await run({}, true)).toMatchObject({ code: 0, out: '123456789012\n', opened: undefined });
  });

  it('pages through AWS_PAGER on a terminal and waits for it', async () => {
    expect(await run({ AWS_PAGER: 'less -R' }, true)).toMatchObject({
      code: 0,
      out: '',
      paged: '123456789012\n',
      opened: 'less -R',
      closed: true,
    });
  });

  it('does not page into a pipe, or with --no-cli-pager', async () => {
    expect(await run({ AWS_PAGER: 'less' }, false)).toMatchObject({ out: '123456789012\n', opened: undefined });
    expect(await run({ AWS_PAGER: 'less' }, true, ['--no-cli-pager'])).toMatchObject({
      out: '123456789012\n',
      opened: undefined,
    });
  });
});
