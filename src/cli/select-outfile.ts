/**
 * `s3api select-object-content`'s `outfile` (the AWS CLI v2's s3events.py): a required positional that
 * receives the selected records, each `Records` event's payload in turn, as the event stream delivers
 * them. The other events (Stats, Progress, Cont, End) are not printed, and neither is anything else: the
 * stream leaves the output, which is empty (the help says so, help-notes.ts). An error event fails the
 * command as the service's error (exit 254), a damaged stream as any other failure (255).
 *
 * The file is written under a temporary name and renamed once the stream has ended, as `get-object`'s
 * outfile is (operation.ts): where the CLI leaves the records received before an error in the file,
 * isoaws leaves the file as it was, so a failed command never leaves a partial result looking complete.
 */
import { writeChunks } from '../core/transfer/objects.js';
import { customArg, type CommandCustomization } from './command-args.js';

export const selectOutfile: CommandCustomization = {
  arguments(args) {
    args.push(
      customArg(selectOutfile, {
        name: 'outfile',
        nargs: 'one',
        required: true,
        positional: true,
        path: true,
        doc: 'Filename where the records will be saved',
      }),
    );
  },
  // The records are written as the command's output is made, so an error event fails the command before
  // anything is printed, as the CLI's after-call handler does.
  async output(values, { ctx, model, operation }) {
    const path = values.get('outfile') as string | undefined;
    if (path === undefined) return undefined;
    const member = model.shapes[operation.output!.shape]!.payload!;
    return async (output) => {
      const { [member]: events, ...rest } = output;
      if (events === undefined) return output;
      const file = await ctx.host.fs.openForWrite(path);
      try {
        await writeChunks(file, recordPayloads(events as AsyncIterable<Record<string, unknown>>), 0);
        await file.commit();
      } catch (err) {
        await file.abort();
        throw err;
      }
      return rest;
    };
  },
};

/** The bytes of each Records event, in order; the other events are read and dropped. */
async function* recordPayloads(events: AsyncIterable<Record<string, unknown>>): AsyncGenerator<Uint8Array> {
  for await (const event of events) {
    const records = event.Records as { Payload?: Uint8Array } | undefined;
    if (records?.Payload) yield records.Payload;
  }
}
