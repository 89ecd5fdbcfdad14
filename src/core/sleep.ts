/**
 * A wait that an AbortSignal cuts short (Host.sleep for the Node and web hosts). It leaves no listener on
 * the signal behind: a paced transfer waits once per chunk on the command's one signal, and listeners
 * left there would pile up into a MaxListenersExceededWarning. Cut short, it fails with AbortedError, so
 * Ctrl-C while waiting is an interruption (exit 130), not an unknown failure.
 */
import { AbortedError } from './errors.js';

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
