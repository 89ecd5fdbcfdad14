/**
 * Blobs nested in a structure given at the top level (the AWS CLI's NestedBlobArgumentHoister, used by
 * rekognition.py and quicksight.py, and BinaryBlobArgumentHoister, used by translate.py):
 * `rekognition detect-labels --image-bytes fileb://photo.jpg` instead of the image's bytes as base64
 * inside `--image`. The new argument fills the member, beside whatever the structure's own argument
 * gives; translate's also refuse the member inside the structure's argument.
 */

export interface BlobHoist {
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

/** By `service.operation`, or `service.*` for every operation with the source argument. */
const BLOB_HOISTS: Readonly<Record<string, readonly BlobHoist[]>> = {
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
};

/** The hoists of `service operation` (its own, then the service-wide ones). */
export function blobHoists(service: string, operation: string): readonly BlobHoist[] {
  return [...(BLOB_HOISTS[`${service}.${operation}`] ?? []), ...(BLOB_HOISTS[`${service}.*`] ?? [])];
}
