/**
 * The one seam between the pure engine and a runtime (DESIGN.md, "One seam: the Host").
 * Everything here is plain data and functions so the core never touches `node:*` or the DOM.
 */
import type { ServiceBundle, ServiceIndexEntry } from './model/types.js';
import type { ChecksumAlgorithm } from './checksums/request.js';
import type { Credentials } from './credentials/types.js';

/** A request body: bytes, a browser Blob (sliced parts upload without copying), or a stream of chunks. */
export type HttpBody = Uint8Array | Blob | AsyncIterable<Uint8Array>;

export interface HttpRequest {
  method: string;
  /** Absolute URL, path and query already encoded exactly as they are to be sent (and signed). */
  url: string;
  /** Header names as the engine set them; transports must not add headers the signer did not see, except Host/Content-Length. */
  headers: Record<string, string>;
  body?: HttpBody;
}

export interface HttpResponse {
  statusCode: number;
  /** Lower-cased header names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  body: AsyncIterable<Uint8Array>;
}

export interface SendOptions {
  signal?: AbortSignal;
  /** Milliseconds to establish a connection; 0 means no limit. */
  connectTimeoutMs?: number;
  /** Milliseconds of silence on an open connection before giving up; 0 means no limit. */
  readTimeoutMs?: number;
  /** TLS: `verify: false` is `--no-verify-ssl`; `caBundle` a PEM file to trust instead of the defaults. */
  tls?: { verify: boolean; caBundle?: string };
  /**
   * A buffer the response body may be read straight into (a ranged download's part), when it fits: the
   * body's chunks are then views of it, good until the caller uses the buffer again. A transport may
   * ignore it.
   */
  bodyInto?: Uint8Array;
}

/** What a path names, links followed; `isSymbolicLink` tells that the path itself is a link (to something that exists). */
export interface FileStat {
  size: number;
  mtimeMs: number;
  isFile: boolean;
  isDirectory: boolean;
  mode?: number;
  isSymbolicLink?: boolean;
}

export interface HostFs {
  /**
   * The whole file, or bytes `[start, end)` of it read straight into one buffer (an upload part): `into`
   * when given (a reused part buffer; the result is a view of it), else a new one.
   */
  readFile(path: string, range?: { start: number; end: number; into?: Uint8Array }): Promise<Uint8Array>;
  /** Atomic: written to a temporary name beside `path`, then renamed, so a failed write never leaves a partial file. */
  writeFile(path: string, data: Uint8Array | string, opts?: { mode?: number }): Promise<void>;
  stat(path: string): Promise<FileStat | undefined>;
  readDir(path: string): Promise<string[]>;
  mkdir(path: string, opts?: { mode?: number }): Promise<void>;
  /** Moves a file, or a directory with everything in it. */
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  /**
   * Removes a directory and everything in it (nothing there is no error). Absent where a host cannot;
   * kept apart from `remove` so that removing a file can never take a directory by mistake.
   */
  removeTree?(path: string): Promise<void>;
  /**
   * A file written in pieces at any offsets (a download's ranged parts, as they arrive), under a
   * temporary name until `commit` renames it into place; `abort` removes it.
   */
  openForWrite(path: string, opts?: { mode?: number }): Promise<FileWriter>;
  /**
   * The path with every symbolic link in it resolved (a missing path fails with code ENOENT); absent where
   * the file system has no links (the browser's), so a path is then its own real path.
   */
  realPath?(path: string): Promise<string>;
  /**
   * A new directory of the runtime's temporary files, that only this user can enter (Python's
   * `tempfile.TemporaryDirectory`), and its removal with everything in it. Absent where there are no
   * such files (browsers).
   */
  tempDir?(): Promise<{ path: string; remove(): Promise<void> }>;
  /**
   * Takes the exclusive lock `path` (a file beside what it guards), against other processes and other
   * calls in this one: waits up to `waitMs` (10 s by default) for its holder to let go, and takes over a
   * lock whose holder has died. Resolves to its release, or to undefined when it is still held after
   * `waitMs`.
   */
  lock(path: string, opts?: { waitMs?: number }): Promise<(() => Promise<void>) | undefined>;
  /** Sets a file's modification time (a synced download takes its object's); absent where times cannot be set. */
  setMtime?(path: string, mtimeMs: number): Promise<void>;
  /** Reads `[start, end)` (whole file by default) as a stream of chunks without loading it into memory. */
  readStream(path: string, range?: { start?: number; end?: number }): AsyncIterable<Uint8Array>;
  /**
   * The file as a Blob that reads it only when streamed (`--body FILE`): a sized, re-readable request
   * body, so a large upload is never held in memory and can still be retried.
   */
  openBlob(path: string): Promise<Blob>;
}

export interface FileWriter {
  /** Writes the chunks one after another from `position` (one gathered write where the runtime has it). */
  write(chunks: readonly Uint8Array[], position: number): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** Where service models come from: Node reads `models/` from disk, the browser imports per-service chunks. */
export interface ModelSource {
  index(): Promise<ServiceIndexEntry[]>;
  /**
   * A service's model: all of it, or, given `operations`, at least what calls of those need (their
   * definitions, paginators and shapes, the exceptions, metadata, waiters and endpoint rules). A source
   * gives the same bundle object for a service each time, later loads adding to it.
   */
  load(service: string, operations?: readonly string[]): Promise<ServiceBundle>;
  /** Partition data shared by every endpoint rule set. */
  partitions(): Promise<unknown>;
  /** A service's documentation as plain text, for help; loaded only when asked for. */
  docs?(service: string): Promise<ServiceDocs>;
  /**
   * The AWS CLI's authored examples of a service, by its CLI name (`s3api`), for help; loaded only when
   * asked for. A service without any has none: an empty record.
   */
  examples?(cliService: string): Promise<CommandExamples>;
}

/**
 * `models/examples/<cli-service>.json.gz`: a command's EXAMPLES section (`wait/<waiter>` for a waiter's),
 * its lines as the CLI's help prints them, without the heading.
 */
export type CommandExamples = Record<string, string>;

/** `models/docs/<service>.json.gz`: plain-text documentation keyed by operation, shape and `Shape.Member`. */
export interface ServiceDocs {
  service: string;
  operations: Record<string, string>;
  shapes: Record<string, string>;
  members: Record<string, string>;
}

export interface Writer {
  write(text: string | Uint8Array): void;
}

export interface Prompt {
  ask(question: string, opts?: { secret?: boolean }): Promise<string>;
}

/** How a program run through the host ended (`credential_process`). */
export interface ProcessResult {
  /** The exit status; null when the program could not be started (see `error`). */
  status: number | null;
  stdout: string;
  stderr: string;
  /** Why it did not start, in Python's OSError wording (`[Errno 2] No such file or directory: 'x'`). */
  error?: string;
}

/** A SHA-256 constructor: `new Sha256(secret)` is HMAC-SHA256 keyed by `secret`. */
export type Sha256Constructor = new (secret?: string | ArrayBuffer | ArrayBufferView) => {
  update(data: string | ArrayBuffer | ArrayBufferView): void;
  digest(): Promise<Uint8Array>;
};

export interface Host {
  send(req: HttpRequest, opts: SendOptions): Promise<HttpResponse>;
  fs: HostFs;
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  now(): Date;
  /** Milliseconds to wait (retries, waiters); injectable so tests need not sleep. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Random bytes for idempotency tokens, retry jitter and multipart ids; injectable for determinism. */
  random(): number;
  models: ModelSource;
  stdout: Writer;
  stderr: Writer;
  /** The directory relative local paths start from (`s3 cp notes.txt …`); `/` when absent. */
  cwd?: string;
  /** Standard input as a stream (`s3 cp - s3://…`); absent where there is none (browsers). */
  stdin?: AsyncIterable<Uint8Array>;
  prompt?: Prompt;
  /**
   * The machine's own credential services (EC2 instance metadata, container endpoints) can be reached.
   * A browser cannot; leaving them out spares it a timeout on every command without credentials.
   */
  machineCredentials?: boolean;
  /**
   * What a host that brings its own AWS (the sandbox) gives a client with nothing configured: keys and a
   * region, each the last step of its chain, so a profile or the environment still wins.
   */
  defaults?: { credentials?: Credentials; region?: string };
  /** Opens a URL in the user's browser (`sso login`); absent where there is none to open. */
  openUrl?(url: string): Promise<void>;
  /**
   * Serves HTTP on 127.0.0.1, on a port of the system's choosing, until closed: each request's target
   * (`/oauth/callback?code=…`) goes to `answer`, whose HTML is the page sent back. `sso login`'s OAuth
   * redirect lands here. Absent where a runtime cannot listen (browsers).
   */
  serveLoopback?(answer: (target: string) => string): Promise<{ port: number; close(): Promise<void> }>;
  /** Runs a program with arguments (no shell) and collects its output; absent where a runtime cannot (browsers). */
  run?(argv: readonly string[]): Promise<ProcessResult>;
  /**
   * Runs a command line through the system shell (`/bin/sh -c`) with the CLI's own input and output, as
   * Python's `subprocess.call(line, shell=True)` does for the alias file's `!` aliases. Resolves to what
   * that call returns: the exit status, or `-N` when signal N ended the program. Absent where a runtime
   * cannot start programs (browsers).
   */
  runShell?(command: string): Promise<number>;
  /**
   * The words that run this CLI again as a program (Node: its own executable and `bin/isoaws.js`), for
   * a command line handed to another program: `ec2-instance-connect ssh` gives ssh a ProxyCommand that
   * runs `open-tunnel`. Absent where the CLI is not a program (browsers).
   */
  selfCommand?: readonly string[];
  /** Standard input is a terminal (someone typing), not a pipe or a file. */
  stdinIsTerminal?: boolean;
  /** A new Ed25519 key pair, raw: the 32-byte private seed and the 32-byte public key. */
  ed25519KeyPair?(): Promise<{ seed: Uint8Array; publicKey: Uint8Array }>;
  /**
   * Accepts TCP connections on 127.0.0.1:`port` until closed, each handed to `accept`. Absent where a
   * runtime cannot listen (browsers).
   */
  listenTcp?(port: number, accept: (connection: ByteStream) => void): Promise<{ close(): Promise<void> }>;
  /**
   * Opens a WebSocket (RFC 6455) to a `wss://` URL, through the environment's proxy as an HTTPS request
   * would go. Fails with NetworkError when the server cannot be reached or refuses the upgrade. Absent
   * where the runtime has no client for it.
   */
  openWebSocket?(url: string, opts: WebSocketOptions): Promise<WebSocketConnection>;
  /**
   * The host's SHA-256 (`new Sha256(key)` is HMAC) for signing: WebCrypto in a page, node:crypto for long
   * messages in Node. Optional: without it the signer loads the portable one (core/signing/sha256.ts).
   */
  sha256?: Sha256Constructor;
  /**
   * A native CRC32 (zlib's, continuing from `previous`) for the checksums of large uploads, several
   * times faster than the portable one. Optional: without it the portable CRC32 is used.
   */
  crc32?(data: Uint8Array, previous: number): number;
  /**
   * The SHA-256 of each `leafSize` piece of a file's bytes `[start, end)` (the last may be shorter), worked
   * out off the main thread (Node: worker threads, one per core). Optional: without it the pieces are
   * hashed on the main thread as the file is read.
   */
  fileLeafHashes?(path: string, range: { start: number; end: number }, leafSize: number): Promise<Uint8Array[]>;
  /**
   * The digests a large body in memory needs before it is sent (an upload part: its checksum and the
   * SHA-256 its signature covers), worked out off the main thread, which meanwhile sends other parts
   * (Node: worker threads; bytes in a SharedArrayBuffer, as HostFs.readFile gives large ranges, are
   * shared, not copied). A checksum the host has no native hash for is left out of the answer, for the
   * caller to compute. Optional: without it both are computed on the main thread.
   */
  digest?(bytes: Uint8Array, want: DigestRequest): Promise<{ checksum?: string; sha256?: string }>;
}

/** What Host.digest is asked for: a checksum (answered in base64) and/or the payload SHA-256 (in hex). */
export interface DigestRequest {
  checksum?: ChecksumAlgorithm;
  sha256?: boolean;
}

/** A two-way byte stream: a TCP connection Host.listenTcp accepted. */
export interface ByteStream {
  /** What the other side sends, chunk by chunk, until it closes its end. */
  readable: AsyncIterable<Uint8Array>;
  /** Resolves once the bytes are taken (backpressure); rejects when the connection is gone. */
  write(bytes: Uint8Array): Promise<void>;
  /** Closes the connection both ways. */
  close(): void;
}

export interface WebSocketOptions {
  /** Headers of the opening handshake besides the protocol's own (User-Agent). */
  headers: Record<string, string>;
  /** As SendOptions.tls: `verify: false` is `--no-verify-ssl`, `caBundle` a PEM file to trust. */
  tls?: { verify: boolean; caBundle?: string };
  connectTimeoutMs?: number;
  signal?: AbortSignal;
}

/** An open WebSocket: messages each way until one side closes it. */
export interface WebSocketConnection {
  /** Each message received, bytes for a binary one and a string for a text one, until the connection ends. */
  messages: AsyncIterable<Uint8Array | string>;
  /** Sends `bytes` as one binary message; resolves once they are taken (backpressure). */
  send(bytes: Uint8Array): Promise<void>;
  /** Starts the closing handshake (status 1000); `messages` ends once the server has answered it. */
  close(): void;
  /** How it ended: the status and reason of the server's close frame; no code when it sent none. */
  closed: Promise<{ code?: number; reason: string }>;
}
