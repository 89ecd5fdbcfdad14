/**
 * The one table from error kinds to the AWS CLI's exit codes and stderr wording (house style 5).
 * 252: the command line is wrong; 253: credentials or configuration; 254: the service said no;
 * 255: anything else (network, parse, waiter failures); 130: interrupted.
 */
import {
  AbortedError, CredentialsError, EndpointError, IsoawsError, NetworkError, ParamValidationError, ServiceError,
  UnknownNameError, WaiterError,
} from '../core/errors.js';

export const EXIT = { ok: 0, usage: 252, config: 253, service: 254, other: 255, interrupted: 130 } as const;

export class UsageError extends IsoawsError {
  override name = 'UsageError';
}

/** The exit code and the stderr text the AWS CLI prints for `err`. */
export function describeFailure(err: unknown): { code: number; message: string } {
  if (err instanceof ServiceError) {
    return { code: EXIT.service, message: `\nAn error occurred (${err.code}) when calling the ${err.operation} operation: ${err.message}\n` };
  }
  if (err instanceof ParamValidationError) return { code: EXIT.usage, message: `\n${err.message}\n` };
  if (err instanceof UsageError || err instanceof UnknownNameError) return { code: EXIT.usage, message: `${err.message}\n` };
  if (err instanceof CredentialsError) return { code: EXIT.config, message: `${err.message}\n` };
  if (err instanceof AbortedError) return { code: EXIT.interrupted, message: '\n' };
  if (err instanceof NetworkError || err instanceof EndpointError || err instanceof WaiterError || err instanceof IsoawsError) {
    return { code: EXIT.other, message: `\n${err.message}\n` };
  }
  const text = err instanceof Error ? err.message : String(err);
  return { code: EXIT.other, message: `\n${text}\n` };
}
