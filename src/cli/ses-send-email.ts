/**
 * `ses send-email`'s plain options (the AWS CLI's sessendemail.py): `--to`, `--cc`, `--bcc` fill
 * `Destination`, `--subject`, `--text`, `--html` fill `Message`, so neither needs writing out; `--source`
 * is `--from` (customizations.ts renames it). A shortcut beside the structure it fills is refused.
 */
import { customArg, type CommandCustomization } from './command-args.js';
import { checkMutuallyExclusive } from './usage.js';

export const sendEmail: CommandCustomization = {
  arguments(args) {
    // Addresses and bodies as plain options: the structures are no longer required.
    for (const a of args) if (a.name === 'destination' || a.name === 'message') a.required = false;
    for (const { name, nargs, doc } of SEND_EMAIL_ARGS) args.push(customArg(sendEmail, { name, nargs, doc }));
  },
  check: checkSendEmailArgs,
  fill: (params, arg, value) => addSendEmailArg(params, arg.name, value as string | string[]),
};

/** The shortcuts, in the CLI's order, and the member each fills. */
const SEND_EMAIL_ARGS = [
  { name: 'to', nargs: 'many', key: 'ToAddresses', doc: 'The recipients’ addresses, separated by spaces.' },
  { name: 'cc', nargs: 'many', key: 'CcAddresses', doc: 'The addresses to copy (Cc), separated by spaces.' },
  { name: 'bcc', nargs: 'many', key: 'BccAddresses', doc: 'The addresses to blind-copy (Bcc), separated by spaces.' },
  { name: 'subject', nargs: 'one', key: 'Subject', doc: 'The message’s subject.' },
  { name: 'text', nargs: 'one', key: 'Text', doc: 'The message’s plain-text body.' },
  { name: 'html', nargs: 'one', key: 'Html', doc: 'The message’s HTML body.' },
] as const;

/** The CLI's two checks: addresses beside --destination, bodies beside --message. */
function checkSendEmailArgs(values: ReadonlyMap<string, unknown>): void {
  const order = ['destination', 'message', ...SEND_EMAIL_ARGS.map((a) => a.name)];
  checkMutuallyExclusive(values, order, ['destination'], ['to', 'cc', 'bcc']);
  checkMutuallyExclusive(values, order, ['message'], ['text', 'html']);
}

/** One shortcut's value into Destination or Message; empty values add nothing, as in the CLI. */
function addSendEmailArg(params: Record<string, unknown>, name: string, value: string | string[]): void {
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
