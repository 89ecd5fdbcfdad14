/**
 * The one table from error kinds to the AWS CLI's exit codes and stderr wording (house style 5).
 * 252: the command line is wrong; 253: credentials or configuration; 254: the service said no;
 * 255: anything else (network, parse, waiter failures); 130: interrupted. Every message is framed by
 * newlines as the CLI's error handlers write it.
 */
import { s3ErrorMessage } from './s3-error-message.js';
import {
  AbortedError,
  clientErrorText,
  CredentialsError,
  ParamValidationError,
  ServiceError,
  UnknownNameError,
} from '../core/errors.js';
import { ArgumentError, ConfigurationError, ParamError, UnknownArgumentError, UsageError } from './usage.js';

export const EXIT = { ok: 0, usage: 252, config: 253, service: 254, other: 255, interrupted: 130 } as const;

/** The exit code and the stderr text the AWS CLI prints for `err`. */
export function describeFailure(err: unknown): { code: number; message: string } {
  if (err instanceof ServiceError) {
    const message = err.service === 's3' ? s3ErrorMessage(err) : err.message;
    return {
      code: EXIT.service,
      message: `\n${clientErrorText(err, message)}\n`,
    };
  }
  if (
    err instanceof UsageError ||
    err instanceof UnknownArgumentError ||
    err instanceof ParamError ||
    err instanceof ArgumentError
  ) {
    return { code: EXIT.usage, message: `\n${err.text}\n` };
  }
  if (err instanceof ParamValidationError || err instanceof UnknownNameError)
    return { code: EXIT.usage, message: `\n${err.message}\n` };
  if (err instanceof CredentialsError || err instanceof ConfigurationError)
    return { code: EXIT.config, message: `\n${err.message}\n` };
  if (err instanceof AbortedError) return { code: EXIT.interrupted, message: '\n' };
  const text = err instanceof Error ? err.message : String(err);
  return { code: EXIT.other, message: `\n${text}\n` };
}
