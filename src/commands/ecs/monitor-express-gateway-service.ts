/**
 * `ecs monitor-express-gateway-service` (the AWS CLI's ecs/monitorexpressgatewayservice.py): follows an
 * Express gateway service's resources — every resource of its active configurations (RESOURCE), or what
 * its latest deployment brings and leaves behind (DEPLOYMENT) — printing each change with the time,
 * until Ctrl-C or `--timeout` minutes (30), exit 0 (src/cli/express-gateway/text-monitor.ts). As in the
 * CLI, `--endpoint-url` applies: every call is ECS's.
 *
 * Only the TEXT-ONLY display is here. Where stdout is not a terminal, `--mode INTERACTIVE` gets the
 * CLI's own error and exit 1; where it is, the CLI would show its full-screen view, which isoaws refuses
 * (exit 252), before any request. Without `--mode`, isoaws monitors in TEXT-ONLY even on a terminal,
 * where the CLI shows its interactive view: the lines are the same resources and statuses, and they say
 * for themselves what is going on, so nothing more is printed about it (README, "Where isoaws
 * deliberately differs").
 */
import { commandPage, readCommandOptions, valueOption, type CommandModule } from '../../cli/command.js';
import { interactiveRefused } from '../../cli/express-gateway/interactive.js';
import type { ResourceView } from '../../cli/express-gateway/collector.js';
import { monitorText } from '../../cli/express-gateway/text-monitor.js';
import { ConfigurationError } from '../../cli/usage.js';
import { readSchemaArg } from '../emr/schema.js';

const NAME = 'monitor-express-gateway-service';
const VIEWS = ['RESOURCE', 'DEPLOYMENT'] as const;
const MODES = ['INTERACTIVE', 'TEXT-ONLY'] as const;

const OPTIONS = [
  valueOption('service-arn', 'string', 'The short name or full ARN of the Express gateway service to monitor.', {
    required: true,
  }),
  valueOption(
    'resource-view',
    'string',
    "RESOURCE (the default): the resources of all the service's active configurations — load balancers, security groups, certificates, listeners, rules, target groups, auto scaling, alarms, log groups. DEPLOYMENT: the latest deployment's target revision and task definition, and the resources it adds or leaves behind.",
    { choices: VIEWS },
  ),
  valueOption(
    'mode',
    'string',
    "TEXT-ONLY (the default in isoaws): each resource printed with the time when it first appears and whenever its status, reason or update time changes; it can be piped or logged. INTERACTIVE: the AWS CLI's full-screen view, which isoaws does not have.",
    { choices: MODES },
  ),
  valueOption('timeout', 'integer', 'The most minutes to monitor for: 30 unless given.'),
];

const PAGE = commandPage(
  {
    name: NAME,
    description:
      "Follows the resources ECS creates and manages for an Express gateway service while they are created, updated or deleted, polling every five seconds. Each resource is printed with the time when it first appears and again whenever it changes; the service's latest event is shown with the service. Monitoring goes on until Ctrl-C, until the service is inactive, or for --timeout minutes, and exits 0.",
    examples: [
      'isoaws ecs monitor-express-gateway-service --service-arn arn:aws:ecs:us-east-1:123456789012:service/default/web',
      'isoaws ecs monitor-express-gateway-service --service-arn web --resource-view DEPLOYMENT --timeout 10',
    ],
  },
  OPTIONS,
);

export const monitorCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const { host } = env.ctx;
    const serviceArn = (await readSchemaArg(
      host,
      NAME,
      'service-arn',
      { type: 'string' },
      values.get('service-arn') as string,
    )) as string;
    const timeout = values.get('timeout') as string | undefined;
    const timeoutMinutes =
      timeout === undefined
        ? 30
        : ((await readSchemaArg(host, NAME, 'timeout', { type: 'integer' }, timeout)) as number);
    if (values.get('mode') === 'INTERACTIVE') {
      if (env.ctx.stdoutIsTty) throw interactiveRefused('--mode');
      host.stderr.write(
        'aws: [ERROR]: Interactive mode requires a TTY (terminal). Use --mode TEXT-ONLY for non-interactive environments.\n',
      );
      return 1;
    }
    const ecs = await env.client();
    if (!ecs.config.region)
      throw new ConfigurationError(
        'You must specify a region. You can also configure your region by running "aws configure".',
      );
    await monitorText({
      host,
      ecs,
      serviceArn,
      view: (values.get('resource-view') as ResourceView | undefined) ?? 'RESOURCE',
      timeoutMinutes,
      color: env.ctx.color,
      signal: env.ctx.signal,
    });
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};
