/**
 * Standard input as the Node host hands it to commands: its chunks, as the stream's own iterator gives
 * them, except that stopping (`return()`, a `break`) takes effect at once, even while a read is waiting,
 * and lets go of the stream. Node's iterator queues the stop behind the waiting read, so a command done
 * with stdin that is still open (`open-tunnel` whose tunnel closed; its ssh keeps the pipe) would keep
 * the process alive until the other side closed it.
 */
import type { Readable } from 'node:stream';

export function abandonableChunks(stream: Readable): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]() {
      const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
      const finished: IteratorResult<Uint8Array> = { done: true, value: undefined };
      let stop!: (result: IteratorResult<Uint8Array>) => void;
      const stopped = new Promise<IteratorResult<Uint8Array>>((resolve) => (stop = resolve));
      let over = false;
      return {
        next: () => (over ? Promise.resolve(finished) : Promise.race([chunks.next(), stopped])),
        async return() {
          if (!over) {
            over = true;
            stop(finished);
            stream.destroy();
          }
          return finished;
        },
      };
    },
  };
}
