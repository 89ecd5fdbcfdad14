/**
 * `ses send-email`'s plain options (the AWS CLI's sessendemail.py): `--to`, `--cc`, `--bcc` fill
 * `Destination`, `--subject`, `--text`, `--html` fill `Message`, so neither needs writing out; `--source`
 * is `--from` (customizations.ts renames it). A shortcut beside the structure it fills is refused.
 */
import { checkMutuallyExclusive } from './usage.js';

/** The shortcuts, in the CLI's order, and the member each fills. */
export const SEND_EMAIL_ARGS = [
  { name: 'to', nargs: 'many', key: 'ToAddresses' },
  { name: 'cc', nargs: 'many', key: 'CcAddresses' },
  { name: 'bcc', nargs: 'many', key: 'BccAddresses' },
  { name: 'subject', nargs: 'one', key: 'Subject' },
  { name: 'text', nargs: 'one', key: 'Text' },
  { name: 'html', nargs: 'one', key: 'Html' },
] as const;

/** The CLI's two checks: addresses beside --destination, bodies beside --message. */
export function checkSendEmailArgs(values: ReadonlyMap<string, unknown>): void {
  const given = ['destination', 'message', ...SEND_EMAIL_ARGS.map((a) => a.name)].filter(
    (name) => values.get(name) !== undefined,
  );
  checkMutuallyExclusive(given, ['destination'], ['to', 'cc', 'bcc']);
  checkMutuallyExclusive(given, ['message'], ['text', 'html']);
}

/** One shortcut's value into Destination or Message; empty values add nothing, as in the CLI. */
export function addSendEmailArg(params: Record<string, unknown>, name: string, value: string | string[]): void {
  const arg = SEND_EMAIL_ARGS.find((a) => a.name === name)!;
  if (!value.length) return;
  if (arg.nargs === 'many') {
    ((params.Destination ??= {}) as Record<string, unknown>)[arg.key] = value;
    return;
  }
  const message = (params.Message ??= { Subject: {}, Body: {} }) as Record<string, Record<string, unknown>>;
  if (arg.key === 'Subject') message.Subject = { Data: value };
  else (message.Body ??= {})[arg.key] = { Data: value };
}
