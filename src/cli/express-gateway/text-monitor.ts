/**
 * The TEXT-ONLY monitor of an ECS Express gateway service (the AWS CLI's TextOnlyDisplayStrategy in
 * expressgateway/display_strategy.py), shared by `ecs monitor-express-gateway-service` and the
 * `--monitor-resources` of create/update/delete-express-gateway-service: a poll every five seconds,
 * each printing the resources that are new or changed and the collector's line, if any, until the
 * timeout, Ctrl-C, or a failure ECS reports in an answer — each said on a line of its own, followed by
 * "Monitoring complete!", exit 0. A refused call prints that last line too, then fails the command.
 *
 * It also stops once the service is INACTIVE (deleted). The CLI means to (its strategy has the branch),
 * but its collector turns that answer into a line first, so it prints "Service is inactive" every five
 * seconds until the timeout (README, "Where isoaws deliberately differs").
 *
 * Time is the host's (`now`, `sleep`), so tests run it on a clock of their own.
 */
import type { Client } from '../../core/client.js';
import { AbortedError } from '../../core/errors.js';
import type { Host } from '../../core/host.js';
import { MonitoringError, pollService, type ResourceView } from './collector.js';
import { ChangeTracker, RESET, resourceLines, timestamp } from './stream-display.js';

export const POLL_MS = 5_000;

export interface TextMonitor {
  host: Host;
  ecs: Client;
  serviceArn: string;
  view: ResourceView;
  timeoutMinutes: number;
  color: boolean;
  signal?: AbortSignal;
}

export async function monitorText(m: TextMonitor): Promise<void> {
  const { host } = m;
  const started = host.now().getTime();
  const say = (line: string) => host.stdout.write(`[${timestamp(host.now())}] ${line}\n`);
  const tracker = new ChangeTracker();
  const finish = () => {
    say('Monitoring complete!');
    // As the CLI, a reset after the last coloured line; only when there were colours.
    if (m.color) host.stdout.write(RESET);
  };
  say('Starting monitoring...');
  try {
    for (;;) {
      // `>=`, not the CLI's `>`: its clock has always moved on a little since it started, a fake one need not.
      if (host.now().getTime() - started >= m.timeoutMinutes * 60_000) {
        say('Monitoring timeout reached!');
        break;
      }
      const snapshot = await pollService(m.ecs, m.serviceArn, m.view, m.signal);
      const at = timestamp(host.now());
      if (snapshot.resources)
        for (const r of tracker.changed(snapshot.resources)) host.stdout.write(`${resourceLines(r, at, m.color)}\n`);
      if (snapshot.info) host.stdout.write(`[${at}] ${snapshot.info}\n`);
      if (snapshot.inactive) break;
      await host.sleep(POLL_MS, m.signal);
    }
  } catch (err) {
    if (err instanceof AbortedError) say('Monitoring stopped by user');
    else if (err instanceof MonitoringError) say(`Error: ${err.message}`);
    else {
      finish();
      throw err;
    }
  }
  finish();
}
