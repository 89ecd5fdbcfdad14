/**
 * `isoaws sandbox status` and `isoaws sandbox reset`: what the embedded AWS holds on this machine and
 * where, and starting it afresh. Reset removes only the sandbox's own files (its marker, documents and
 * bodies), never anything else in the directory.
 */
import { parseKnownArgs } from '../cli/argparse.js';
import type { CommandEnv, CommandModule } from '../cli/command.js';
import type { CommandPage } from '../cli/help.js';
import { unknownOptions, UsageError } from '../cli/usage.js';
import { sandboxOf, sandboxStore } from '../sandbox/host.js';
import { SandboxStateError, type SandboxStore } from '../sandbox/store.js';

const PAGES: Record<'sandbox' | 'status' | 'reset', CommandPage> = {
  sandbox: {
    name: 'sandbox',
    description:
      'The sandbox is an offline AWS inside isoaws: `isoaws --sandbox <command>` (or `.sandbox on` in the shell) sends requests to it instead of AWS, signed and on the wire exactly as AWS would receive them. It simulates STS, IAM, S3, Glacier, DynamoDB, SQS, SNS and EC2; any other operation is refused with a message saying so. Its state is kept on this machine. `status` shows where and how much; `reset` empties it.',
    synopsis: ['sandbox', 'status | reset'],
    options: [],
    examples: ['isoaws --sandbox s3 mb s3://my-first-bucket', 'isoaws sandbox status', 'isoaws sandbox reset'],
  },
  status: {
    name: 'status',
    description:
      'Shows where the sandbox (the offline AWS that `--sandbox` talks to) keeps its state on this machine, and how much it holds: buckets, objects, users, tables, queues, instances and the rest, counted by kind. The directory is ~/.isoaws/sandbox, or ISOAWS_SANDBOX_DIR.',
    synopsis: ['status'],
    options: [],
    examples: ['isoaws sandbox status'],
  },
  reset: {
    name: 'reset',
    description:
      "Empties the sandbox: every bucket, object, user, key, vault and job it holds is removed, and the next command starts from a fresh account. Only the sandbox's own files are removed.",
    synopsis: ['reset'],
    options: [],
    examples: ['isoaws sandbox reset'],
  },
};

export const sandboxCommand: CommandModule = {
  async run(env: CommandEnv, args: readonly string[]): Promise<number> {
    const [sub, ...rest] = args;
    if (sub !== 'status' && sub !== 'reset')
      throw new UsageError(
        `argument operation: Invalid choice, valid choices are:\n\nreset                                    | status`,
      );
    const { extras } = parseKnownArgs([], rest);
    if (extras.length) throw unknownOptions(extras);
    const { host } = env.ctx;
    // The sandbox the host already talks to (a page's, in IndexedDB), else the one on this machine's disk.
    const store = sandboxOf(host)?.store ?? sandboxStore(host, 'files');
    try {
      if (sub === 'reset') {
        await store.exclusive(() => store.clear());
        host.stdout.write(`The sandbox in ${store.location} is empty again.\n`);
      } else host.stdout.write(await status(store));
      return 0;
    } catch (e) {
      if (!(e instanceof SandboxStateError)) throw e;
      host.stderr.write(`\n${e.message}\n`);
      return 255;
    }
  },
  page: async (sub = 'sandbox') => (sub === 'sandbox' || sub === 'status' || sub === 'reset' ? PAGES[sub] : undefined),
};

/** The state's location and its documents counted by kind (`s3/buckets`, `iam/users`, …). */
async function status(store: SandboxStore): Promise<string> {
  const counts = new Map<string, number>();
  for (const key of await store.keys('')) {
    const [service, kind] = key.split('/');
    if (service === 'auth') continue;
    const label = kind === undefined ? service! : `${service} ${kind}`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const lines = [...counts].map(([label, n]) => `  ${label}: ${n}`);
  return `Sandbox state: ${store.location}\n${lines.length ? lines.join('\n') : '  (empty)'}\n`;
}
