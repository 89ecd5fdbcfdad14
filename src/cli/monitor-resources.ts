/**
 * `--monitor-resources [DEPLOYMENT|RESOURCE]` and `--monitor-mode` of `ecs create-|update-|delete-
 * express-gateway-service` (the AWS CLI's ecs/monitormutatinggatewayservice.py): once the call has
 * succeeded, the service's resources are followed as `ecs monitor-express-gateway-service` follows them
 * (express-gateway/text-monitor.ts), through the command's own client, for at most 30 minutes. The
 * monitor's lines take the place of the answer, which is then not printed, as in the CLI. Bare, the
 * option means DEPLOYMENT for create and update (what the change brings), RESOURCE for delete (what is
 * being taken down).
 *
 * The display mode follows the CLI where it can. `--monitor-mode` without `--monitor-resources` is
 * refused before the call (exit 255). Where stdout is not a terminal and TEXT-ONLY was not asked for,
 * the CLI prints its "Monitoring skipped" error and the answer as usual, and so does isoaws. Where it is
 * a terminal, the CLI shows its INTERACTIVE view, which isoaws does not have: asked for, it is refused
 * before the call (exit 252); by default, isoaws monitors in TEXT-ONLY.
 */
import { IsoawsError } from '../core/errors.js';
import { customArg, type CommandCustomization } from './command-args.js';
import type { ResourceView } from './express-gateway/collector.js';
import { interactiveRefused } from './express-gateway/interactive.js';

const VIEWS = ['DEPLOYMENT', 'RESOURCE'] as const;
const MODES = ['INTERACTIVE', 'TEXT-ONLY'] as const;
const TIMEOUT_MINUTES = 30;

const SKIPPED =
  'aws: [ERROR]: Interactive mode requires a TTY (terminal). Monitoring skipped. Use --monitor-mode TEXT-ONLY for non-interactive environments.\n';

export function monitorResources(bare: ResourceView): CommandCustomization {
  const custom: CommandCustomization = {
    arguments(args) {
      args.push(
        customArg(custom, {
          name: 'monitor-resources',
          nargs: 'optional',
          flagValue: true,
          choices: VIEWS,
          doc: `Once the call has succeeded, follow the service's resources and print their changes instead of the answer: DEPLOYMENT, the resources the latest deployment adds or leaves behind; RESOURCE, the resources of all the service's active configurations. Given without a value, ${bare}.`,
        }),
        customArg(custom, {
          name: 'monitor-mode',
          nargs: 'optional',
          choices: MODES,
          doc: "How --monitor-resources shows the resources. TEXT-ONLY: each change on a line of its own, with the time. INTERACTIVE: the AWS CLI's full-screen view, which isoaws does not have. Not given: TEXT-ONLY where stdout is a terminal; elsewhere no monitoring, as in the AWS CLI.",
        }),
      );
    },
    // Checked as soon as the command line is read, as the CLI checks them once its arguments are parsed.
    async output(values, { ctx, client }) {
      const asked = values.get('monitor-resources') as ResourceView | true | undefined;
      const mode = values.get('monitor-mode') as (typeof MODES)[number] | undefined;
      const view = asked === true ? bare : asked;
      if (mode !== undefined && view === undefined)
        throw new IsoawsError('--monitor-mode can only be used with --monitor-resources');
      if (view === undefined) return undefined;
      if (mode === 'INTERACTIVE' && ctx.stdoutIsTty) throw interactiveRefused('--monitor-mode');
      // A skeleton's sample names no real service (the CLI would go and monitor one called "serviceArn").
      if (!client || values.get('generate-cli-skeleton') !== undefined) return undefined;
      return async (output) => {
        const serviceArn = (output.service as { serviceArn?: unknown } | undefined)?.serviceArn;
        if (typeof serviceArn !== 'string' || !serviceArn) return output;
        if (mode !== 'TEXT-ONLY' && !ctx.stdoutIsTty) {
          ctx.host.stderr.write(SKIPPED);
          return output;
        }
        const { monitorText } = await import('./express-gateway/text-monitor.js');
        await monitorText({
          host: ctx.host,
          ecs: client,
          serviceArn,
          view,
          timeoutMinutes: TIMEOUT_MINUTES,
          color: ctx.color,
          signal: ctx.signal,
        });
        return {};
      };
    },
  };
  return custom;
}
