/**
 * The registry of commands the models do not describe: every record is reachable as a user would reach
 * it — `help` shows its page, Tab completes its name and its options, the shell's `?` shows its
 * synopsis — and the CLI's dispatch, the completer and the shell all read the same records.
 */
import { describe, expect, it } from 'vitest';
import { COMMANDS, completeCandidates, runCli } from '../../src/cli-app.js';
import { pageOptionFlags, subcommandsOf, type CommandRecord } from '../../src/cli/command.js';
import type { CommandPage } from '../../src/cli/help.js';
import { describeCommand } from '../../src/shell/describe.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const host = createMemoryHost(() => reply(500), { env: { AWS_DEFAULT_REGION: 'us-east-1' } });

/** The word lists that reach a record: `s3`, `s3 cp`…; `sso login`; `wait` under services that have waiters. */
async function invocations(record: CommandRecord): Promise<string[][]> {
  if (record.under === undefined)
    return [[record.name], ...(record.subcommands ?? []).filter((s) => s !== 'help').map((s) => [record.name, s])];
  if (record.under !== '*') return [[record.under, record.name]];
  const services: string[][] = [];
  for (const entry of await host.models.index()) {
    if (subcommandsOf([record], entry.cliName, await host.models.load(entry.name)).length)
      services.push([entry.cliName, record.name]);
    if (services.length === 3) break;
  }
  return services;
}

async function pageOf(record: CommandRecord, words: string[]): Promise<CommandPage | undefined> {
  const module = await record.load();
  return module.page?.(record.under === undefined ? words[1] : undefined);
}

describe('the command registry', () => {
  it('lists each custom command once, with a summary', () => {
    const keys = COMMANDS.map((c) => `${c.under ?? ''} ${c.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(
      expect.arrayContaining([
        ' configure',
        ' s3',
        'sso login',
        'sso logout',
        'glacier tree-hash',
        'glacier upload',
        'glacier complete-multipart-upload',
        '* wait',
      ]),
    );
    for (const record of COMMANDS) expect(record.summary).toMatch(/^[A-Z].*\.$/);
  });

  describe.each(COMMANDS.map((c) => [`${c.under ?? ''} ${c.name}`.trim(), c] as const))('%s', (_, record) => {
    it('has a help page for itself and each of its subcommands', async () => {
      for (const words of await invocations(record)) {
        host.out.length = 0;
        expect(await runCli([...words, 'help'], host), words.join(' ')).toBe(0);
        const text = host.out.join('');
        expect(text).toMatch(new RegExp(`^NAME\\n {7}${words.at(-1)} -\\n\\nDESCRIPTION\\n {7}\\S`));
        expect(text).toMatch(/\nSYNOPSIS\n|\nAVAILABLE COMMANDS\n/);
        const page = await pageOf(record, words);
        for (const flag of page ? pageOptionFlags(page) : []) expect(text).toContain(flag);
      }
      expect(host.requests).toHaveLength(0);
    });

    it('completes its name, its subcommands and its options', async () => {
      for (const words of await invocations(record)) {
        const name = words.at(-1)!;
        const typed = `isoaws ${[...words.slice(0, -1), name.slice(0, -1)].join(' ')}`;
        expect((await completeCandidates(typed, typed.length, host)).map((c) => c.value)).toContain(name);
        const page = await pageOf(record, words);
        if (!page) continue;
        const dash = `isoaws ${words.join(' ')} --`;
        const offered = (await completeCandidates(dash, dash.length, host)).map((c) => c.value);
        expect(offered).toEqual(expect.arrayContaining(pageOptionFlags(page)));
        expect(offered).toContain('--region');
      }
    });

    it("answers the shell's ? with its synopsis", async () => {
      for (const words of await invocations(record)) {
        const text = await describeCommand(host, words, 100);
        expect(text.startsWith(`${words.join(' ')}`), text).toBe(true);
        expect(text).not.toMatch(/has no operation/);
        // A command with subcommands lists them; one without shows its synopsis and options.
        const page = await pageOf(record, words);
        if (page?.commands) for (const sub of page.commands) expect(text).toContain(` ${sub}`);
        else for (const flag of page ? pageOptionFlags(page) : []) expect(text).toContain(flag);
      }
    });
  });
});
