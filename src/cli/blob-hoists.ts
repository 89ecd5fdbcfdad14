/**
 * Blobs nested in a structure given at the top level (the AWS CLI's NestedBlobArgumentHoister, used by
 * rekognition.py and quicksight.py): `rekognition detect-labels --image-bytes fileb://photo.jpg` instead
 * of the image's bytes as base64 inside `--image`. The new argument fills the member, beside whatever the
 * structure's own argument gives, which is then no longer required.
 */

export interface BlobHoist {
  /** The structure's argument (`image`), its blob member (`Bytes`) and the new argument (`image-bytes`). */
  source: string;
  member: string;
  name: string;
}

/** By `service.operation`, or `service.*` for every operation with the source argument. */
const BLOB_HOISTS: Readonly<Record<string, readonly BlobHoist[]>> = {
  'rekognition.compare-faces': [
    { source: 'source-image', member: 'Bytes', name: 'source-image-bytes' },
    { source: 'target-image', member: 'Bytes', name: 'target-image-bytes' },
  ],
  'rekognition.*': [{ source: 'image', member: 'Bytes', name: 'image-bytes' }],
  'quicksight.start-asset-bundle-import-job': [
    { source: 'asset-bundle-import-source', member: 'Body', name: 'asset-bundle-import-source-bytes' },
  ],
};

/** The hoists of `service operation` (its own, then the service-wide ones). */
export function blobHoists(service: string, operation: string): readonly BlobHoist[] {
  return [...(BLOB_HOISTS[`${service}.${operation}`] ?? []), ...(BLOB_HOISTS[`${service}.*`] ?? [])];
}
