/** The request and reply as the sandbox's codecs see them: the wire, already taken apart a little. */

export interface WireRequest {
  method: string;
  /** Lower-cased host name without the port. */
  host: string;
  /** The path as sent (percent-encoded), and with the bucket in front for a virtual-hosted S3 request. */
  path: string;
  /** Query parameters in order, percent-decoded. */
  query: Array<[string, string]>;
  /** Lower-cased names. */
  headers: Record<string, string>;
  /** The body, whole: every operation but a streaming upload has one this small. */
  body: Uint8Array;
  /** A streaming payload (S3 PutObject, Glacier UploadArchive), framing removed; read once. */
  stream?: AsyncIterable<Uint8Array>;
}

export interface WireReply {
  statusCode: number;
  headers: Record<string, string>;
  body: Uint8Array | AsyncIterable<Uint8Array>;
}
