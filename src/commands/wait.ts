/**
 * `isoaws <service> wait <waiter> [arguments]`: the waiter's operation takes the same arguments as on
 * its own; nothing is printed on success, and a failed or timed-out waiter exits 255 with botocore's
 * "Waiter X failed: reason".
 */
import type { CommandEnv, CommandModule } from '../cli/command.js';
import { invalidChoice } from '../cli/argparse.js';
import { xformName } from '../cli/names.js';
import { prepareOperation } from '../cli/operation.js';
import { ConfigurationError, UsageError } from '../cli/usage.js';

/** `<service> wait …` (the registry's record, for every service with waiters). */
export const waitCommand: CommandModule = { run: runWaiter };

async function runWaiter(env: CommandEnv, argv: readonly string[]): Promise<number> {
  const { ctx } = env;
  // The service's header names its waiters; only the chosen waiter's operation is read of the rest.
  const header = await env.service([]);
  const waiters = header.bundle.waiters ?? {};
  const names = Object.keys(waiters)
    .map((w) => [xformName(w), w] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const [subcommand, ...args] = argv;
  if (subcommand === undefined) throw new UsageError('too few arguments');
  if (subcommand === 'help') {
    ctx.host.stdout.write((await import('../cli/help.js')).waiterListHelp(header.entry, header.bundle));
    return 0;
  }
  const waiterName = names.find(([cli]) => cli === subcommand)?.[1];
  if (!waiterName)
    throw new UsageError(
      invalidChoice(
        'subcommand',
        subcommand,
        names.map(([cli]) => cli),
      ),
    );
  const waiter = waiters[waiterName]!;
  const service = await env.service([waiter.operation]);
  const operation = service.bundle.operations[waiter.operation]!;
  const prepared = await prepareOperation(
    ctx,
    { ...service, operation, cliOperation: xformName(operation.name), waiter: waiterName },
    args,
  );
  if (prepared.kind === 'help') {
    const description = `Wait until ${waiter.acceptors
      .filter((a) => a.state === 'success')
      .map((a) => `${a.matcher} ${a.argument ?? ''} is ${JSON.stringify(a.expected)}`.replace('  ', ' '))
      .join(
        ' or ',
      )} when polling with ${operation.name}. It will poll every ${waiter.delay} seconds until a successful state has been reached. This will exit with a return code of 255 after ${waiter.maxAttempts} failed checks.`;
    ctx.host.stdout.write(
      (await import('../cli/help.js')).operationHelp({
        entry: service.entry,
        command: subcommand,
        bundle: service.bundle,
        operation,
        table: prepared.table,
        docs: await ctx.host.models.docs?.(service.service),
        examples: (await ctx.host.models.examples?.(service.entry.cliName))?.[`wait/${subcommand}`],
        waiter: { name: subcommand, description },
      }),
    );
    return 0;
  }
  if (prepared.kind !== 'call') return 0;
  if (!service.client.config.region) {
    throw new ConfigurationError(
      'You must specify a region. You can also configure your region by running "aws configure".',
    );
  }
  await service.client.waitFor(service.service, waiterName, prepared.params, { signal: ctx.signal });
  return 0;
}
