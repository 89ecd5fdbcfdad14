/**
 * Help pages for `s3` and its commands (`isoaws s3 help`, `isoaws s3 cp help`), in the layout of the
 * other help pages, from the one table of commands and options (options.ts).
 */
import { getOwn } from '../../core/own.js';
import { pageOptions, synopsisEntry } from '../../cli/command.js';
import type { CommandPage } from '../../cli/help.js';
import { S3_COMMAND_SPECS, S3_OPTIONS } from './options.js';

/** The page of `s3` (name `s3`) or of one of its commands; undefined for a name that is neither. */
export function s3HelpPage(name: string): CommandPage | undefined {
  if (name === 's3') {
    return {
      name: 's3',
      description:
        'High-level commands for S3: listing, copying, moving, syncing and deleting files and objects, making and removing buckets. A path is a local path (a file or directory, absolute or relative) or an S3 URI, s3://bucket/key, where a key ending in / or a whole bucket stands for a prefix. Every operation of the S3 API is available as isoaws s3api.',
      synopsis: ['isoaws s3 <command> [<arg> ...]'],
      options: [],
      commands: Object.keys(S3_COMMAND_SPECS).sort(),
    };
  }
  const command = getOwn(S3_COMMAND_SPECS, name);
  if (!command) return undefined;
  return {
    name,
    description: command.description,
    synopsis: [name, command.paths, ...command.options.map((o) => synopsisEntry(S3_OPTIONS[o]))],
    options: pageOptions(command.options.map((o) => S3_OPTIONS[o])),
    examples: command.examples,
  };
}
