/**
 * Blobs nested in a structure given at the top level (the AWS CLI's NestedBlobArgumentHoister, used by
 * rekognition.py and quicksight.py, and BinaryBlobArgumentHoister, used by translate.py):
 * `rekognition detect-labels --image-bytes fileb://photo.jpg` instead of the image's bytes as base64
 * inside `--image`. The new argument fills the member, beside whatever the structure's own argument
 * gives; translate's also refuse the member inside the structure's argument.
 */
import { customArg, type CommandCustomization } from './command-args.js';
import { readParamFile } from './param-values.js';
import { ArgumentError } from './usage.js';

interface BlobHoist {
  /** The structure's argument (`image`), its blob member (`Bytes`) and the new argument (`image-bytes`). */
  source: string;
  member: string;
  name: string;
  /** Whether the new argument is required; the structure's argument stays required only if `sourceRequired`. */
  required?: boolean;
  sourceRequired?: boolean;
  /** The CLI's words for the member given inside the structure's argument, where it refuses that. */
  refusal?: string;
}

const DOC =
  'The content itself, as a local file with the fileb:// prefix (fileb://photo.jpg), instead of inside the structure’s argument.';

function blobHoist(hoist: BlobHoist): CommandCustomization {
  const custom: CommandCustomization = {
    arguments(args, model) {
      // Only where the structure has that blob member, as the CLI checks before hoisting it.
      const source = args.find((a) => a.name === hoist.source && a.kind === 'member');
      const member = source?.shape?.members?.[hoist.member];
      if (!source || !member || model.shapes[member.shape]?.type !== 'blob') return;
      source.required = hoist.sourceRequired ?? false;
      args.push(customArg(custom, { name: hoist.name, nargs: 'one', required: hoist.required ?? false, doc: DOC }));
    },
    member(arg, value) {
      if (
        hoist.refusal &&
        arg.name === hoist.source &&
        value !== null &&
        typeof value === 'object' &&
        hoist.member in value
      )
        throw new ArgumentError(hoist.refusal);
      return value;
    },
    async fill(params, _arg, value, { ctx, table }) {
      const member = table.byName.get(hoist.source)!.member!;
      // Bytes from fileb://; text is a blob's base64, decoded with the others (--cli-binary-format).
      const content = (await readParamFile(ctx.host, value as string)) ?? (value as string);
      params[member] = { ...(params[member] as object | undefined), [hoist.member]: content };
    },
  };
  return custom;
}

/** By `service.operation`, or `service.*` for every operation with the source argument. */
export const BLOB_HOISTS: Readonly<Record<string, readonly CommandCustomization[]>> = hoisted({
  'rekognition.compare-faces': [
    { source: 'source-image', member: 'Bytes', name: 'source-image-bytes' },
    { source: 'target-image', member: 'Bytes', name: 'target-image-bytes' },
  ],
  'rekognition.*': [{ source: 'image', member: 'Bytes', name: 'image-bytes' }],
  'translate.import-terminology': [
    {
      source: 'terminology-data',
      member: 'File',
      name: 'data-file',
      required: true,
      refusal:
        "File cannot be provided as part of the '--terminology-data' argument. Please use the '--data-file' option instead to specify a file.",
    },
  ],
  'translate.translate-document': [
    {
      source: 'document',
      member: 'Content',
      name: 'document-content',
      required: true,
      sourceRequired: true,
      refusal:
        "Content cannot be provided as a part of the '--document' argument. Please use the '--document-content' option instead to specify a file.",
    },
  ],
  'quicksight.start-asset-bundle-import-job': [
    { source: 'asset-bundle-import-source', member: 'Body', name: 'asset-bundle-import-source-bytes' },
  ],
});

function hoisted(
  hoists: Readonly<Record<string, readonly BlobHoist[]>>,
): Readonly<Record<string, readonly CommandCustomization[]>> {
  return Object.fromEntries(Object.entries(hoists).map(([command, list]) => [command, list.map(blobHoist)]));
}
