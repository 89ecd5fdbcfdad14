/**
 * The monitor's TEXT-ONLY lines (the AWS CLI's expressgateway/stream_display.py and the stream strings
 * of managedresource.py): each prefixed with the UTC time to the second, a resource printed only when
 * it is new or something about it changed since the last poll, coloured by status when colour is on.
 */
import { leaves, type ManagedResource, type ResourceGroup } from './resources.js';

/** colorama's codes, which the CLI uses. */
const CODES = { cyan: 36, green: 32, red: 31, magenta: 35, yellow: 33 } as const;
export const RESET = '\x1b[0m';

function paint(text: string, color: keyof typeof CODES, on: boolean): string {
  return on ? `\x1b[${CODES[color]}m${text}${RESET}` : text;
}

/** Green for done (or no status at all), red for failed, yellow for deleted, magenta while in progress. */
function byStatus(text: string, status: string | undefined, on: boolean): string {
  if (!status || status === 'ACTIVE' || status === 'SUCCESSFUL') return paint(text, 'green', on);
  if (status === 'FAILED') return paint(text, 'red', on);
  if (status === 'DELETED') return paint(text, 'yellow', on);
  return paint(text, 'magenta', on);
}

/** `2026-01-02 03:04:05Z`. */
export function timestamp(at: Date | number): string {
  return `${new Date(at).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** A resource's line, and its reason, last update and information each on a line below. */
export function resourceLines(r: ManagedResource, at: string, color: boolean): string {
  const head = [`[${at}]`];
  if (!r.type && !r.identifier) head.push(paint('Unknown Resource', 'cyan', color));
  if (r.type) head.push(paint(r.type, 'cyan', color));
  if (r.identifier) head.push(byStatus(r.identifier, r.status, color));
  if (r.status) head.push(`[${byStatus(r.status, r.status, color)}]`);
  const lines = [head.join(' ')];
  if (r.reason) lines.push(`  Reason: ${r.reason}`);
  if (r.updatedAt) lines.push(`  Last Updated At: ${timestamp(r.updatedAt)}`);
  if (r.info) lines.push(`  Info: ${r.info}`);
  return lines.join('\n');
}

/** The resources seen at the last poll, by type and identifier, to tell which changed since. */
export class ChangeTracker {
  private previous = new Map<string, ManagedResource>();

  /** The resources of `current` that are new or differ from the last poll's; remembers `current`. */
  changed(current: ResourceGroup): ManagedResource[] {
    const seen = new Map<string, ManagedResource>();
    const changed = leaves(current).filter((r) => {
      const key = JSON.stringify([r.type ?? null, r.identifier ?? null]);
      const before = this.previous.get(key);
      seen.set(key, r);
      return !before || !sameResource(before, r);
    });
    this.previous = seen;
    return changed;
  }
}

function sameResource(a: ManagedResource, b: ManagedResource): boolean {
  return (
    a.type === b.type &&
    a.identifier === b.identifier &&
    a.status === b.status &&
    a.reason === b.reason &&
    a.updatedAt === b.updatedAt &&
    a.info === b.info
  );
}
