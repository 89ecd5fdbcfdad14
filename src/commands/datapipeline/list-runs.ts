/**
 * `datapipeline list-runs` (the AWS CLI's ListRunsCommand): the pipeline's runs — its INSTANCE objects
 * that QueryObjects finds with the filters (all pages), described by DescribeObjects a hundred ids at a
 * time. Without `--output` on the command line (a profile's `output` does not count, as in the CLI) they
 * are printed as the CLI's table of runs, after `--query`; with it, as a result titled `list-runs`.
 */
import { commandPage, readCommandOptions, valueOption, type CommandModule } from '../../cli/command.js';
import { compileQuery, writeCommandResult } from '../../cli/operation.js';
import { readFilters, RUN_STATUSES, runsOf, runsQuery, runsTable } from './runs.js';

/** DescribeObjects takes at most this many ids in one call. */
const DESCRIBE_BATCH = 100;

const OPTIONS = [
  valueOption('pipeline-id', 'string', 'The ID of the pipeline whose runs are listed.', { required: true }),
  valueOption('status', 'string', `Only runs in these statuses, separated by commas: ${RUN_STATUSES.join(', ')}.`),
  valueOption(
    'start-interval',
    'string',
    'Only runs that started between two times, given as start,end (for example 2024-01-01T00:00:00,2024-01-02T00:00:00).',
  ),
  valueOption('schedule-interval', 'string', 'Only runs scheduled to start between two times, given as start,end.'),
];

const PAGE = commandPage(
  {
    name: 'list-runs',
    description:
      'Lists the runs of a pipeline, with their scheduled start, status and actual start and end times. Without --start-interval or --schedule-interval, the runs that started in the last four days are listed.',
    examples: [
      'isoaws datapipeline list-runs --pipeline-id df-00627471SOVYZEXAMPLE',
      'isoaws datapipeline list-runs --pipeline-id df-00627471SOVYZEXAMPLE --status failed,cancelled --start-interval 2024-01-01T00:00:00,2024-01-08T00:00:00',
    ],
  },
  OPTIONS,
);

export const listRunsCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const option = (name: string) => values.get(name) as string | undefined;
    const pipelineId = option('pipeline-id')!;
    const filters = readFilters({
      status: option('status'),
      startInterval: option('start-interval'),
      scheduleInterval: option('schedule-interval'),
    });
    const { ctx } = env;
    const { client } = await env.service();
    const signal = ctx.signal;
    const query = runsQuery(filters, ctx.host.now());

    const ids: string[] = [];
    const params = { pipelineId, sphere: 'INSTANCE', query };
    for await (const page of client.paginate('datapipeline', 'QueryObjects', params, { signal }))
      ids.push(...((page.ids as string[] | undefined) ?? []));
    const objects = [];
    for (let i = 0; i < ids.length; i += DESCRIBE_BATCH) {
      const objectIds = ids.slice(i, i + DESCRIBE_BATCH);
      const described = await client.send('datapipeline', 'DescribeObjects', { pipelineId, objectIds }, { signal });
      objects.push(...(described.pipelineObjects as Parameters<typeof runsOf>[0]));
    }
    const runs = runsOf(objects);

    if (ctx.outputOption !== undefined) {
      writeCommandResult(ctx, 'list-runs', runs);
      return 0;
    }
    const selected = ctx.globals.query === undefined ? runs : compileQuery(ctx.globals.query).search(runs);
    // A --query that picks one run still prints it as a row; anything but runs prints none.
    const rows = Array.isArray(selected)
      ? selected
      : typeof selected === 'object' && selected !== null
        ? [selected]
        : [];
    ctx.host.stdout.write(runsTable(rows));
    ctx.onResult?.(selected);
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};
