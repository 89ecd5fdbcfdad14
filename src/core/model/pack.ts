/**
 * The packed service models (written by scripts/model-pack.js): a call reads its service's header and
 * its operation's groups of shapes, not the whole model. Pure: the Node and web model sources read the
 * bytes (by offset, or by HTTP Range) and inflate them; this module says which bytes and assembles them.
 *
 * Layout. The services spread over `models/pack-NN.bin` (NN = bucketOf(name)); each file is
 *   "iso1" · uint32 LE directory length · directory · one section per service,
 * the directory (JSON) giving each service its section's offset from the end of the directory and its
 * header's length. A section is its header, then its groups, then its trailer, back to back. Every part is
 * a line of JSON deflated on its own (raw) and ended by a full flush instead of a final block, so that parts
 * read together inflate as one stream once a final block is added, and split at the line ends:
 * - header: `metadata`, `endpointRuleSet`, `clientContextParams`, `waiters`, `paginators` of no operation,
 *   `shapes` (the exceptions and all they reach: any call may have to read one), `operations` (each
 *   operation's group numbers), `groups` (each group's length) and `trailer` (the trailer's length);
 * - group: `{ s?: shapes, o?: operations, p?: paginators }`;
 * - trailer: `{ s: shapes no operation reaches, order }`, `order` telling for each shape of the model, in
 *   its order, where it is (-1 the header, -2 the trailer, else its group), so that a whole read gives
 *   back the model as it was (help and completion list in model order).
 */
import { UnknownNameError } from '../errors.js';
import type { ModelSource } from '../host.js';
import { getOwn } from '../own.js';
import type { Operation, PaginatorConfig, ServiceBundle, Shape } from './types.js';

const PACK_BUCKETS = 16;
/** Bytes before a pack's directory: the magic and the directory's length. */
const PACK_PREFIX = 8;
const MAGIC = 'iso1';
/** An empty final deflate block (fixed Huffman, end of block), ending a run of flushed segments. */
const FINAL_BLOCK = Uint8Array.of(0x03, 0x00);

/** The file a service is in: FNV-1a of its name (scripts/model-pack.js computes the same). */
export function bucketOf(service: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < service.length; i++) hash = Math.imul(hash ^ service.charCodeAt(i), 0x01000193) >>> 0;
  return String(hash % PACK_BUCKETS).padStart(2, '0');
}

/** service → [section offset after the directory, header length]. */
type PackDirectory = Record<string, [number, number]>;

/** The reading a model source does: byte ranges of a bucket's file, and raw inflate. */
export interface PackIo {
  /** Each range's bytes; a range past the end of the file gives what there is. */
  read(bucket: string, ranges: readonly ByteRange[]): Promise<Uint8Array[]>;
  /** Raw inflate of a whole stream, as text. */
  inflate(bytes: Uint8Array): string | Promise<string>;
  /**
   * Ranges closer than this are read as one, the bytes between them read for nothing: on a disk a read
   * costs more than some kilobytes, over HTTP each byte travels.
   */
  gap: number;
}

/** What a first read of a pack takes: its prefix and its directory (about half a kilobyte), mostly. */
const FIRST_READ = 640;

/**
 * A model source's `load` over packs: the bundle of `service` holding at least `operations` (all of it
 * without); a service no pack has is unknown. Reads of one service follow each other, so that concurrent
 * calls never read a group twice.
 */
export function packedModels(io: PackIo): ModelSource['load'] {
  const directories = new Map<string, Promise<{ directory: PackDirectory; after: number }>>();
  const services = new Map<string, Promise<{ packed: PackedService; queue: Promise<unknown> } | undefined>>();
  // Each segment ends with a full flush, not a final block: a run of them is one stream once one is added.
  const text = async (bytes: Uint8Array) => {
    const stream = new Uint8Array(bytes.length + FINAL_BLOCK.length);
    stream.set(bytes);
    stream.set(FINAL_BLOCK, bytes.length);
    return io.inflate(stream);
  };

  const directoryOf = (bucket: string) => {
    let found = directories.get(bucket);
    if (!found) {
      found = (async () => {
        let [head] = await io.read(bucket, [{ start: 0, end: FIRST_READ }]);
        if (head!.length < PACK_PREFIX || String.fromCharCode(...head!.subarray(0, 4)) !== MAGIC)
          throw new Error('it is not an isoaws model pack');
        const after = PACK_PREFIX + new DataView(head!.buffer, head!.byteOffset, PACK_PREFIX).getUint32(4, true);
        if (head!.length < after) [head] = await io.read(bucket, [{ start: 0, end: after }]);
        return { directory: JSON.parse(await text(head!.subarray(PACK_PREFIX, after))) as PackDirectory, after };
      })();
      found.catch(() => directories.delete(bucket));
      directories.set(bucket, found);
    }
    return found;
  };

  const serviceOf = (service: string) => {
    let found = services.get(service);
    if (!found) {
      found = (async () => {
        const bucket = bucketOf(service);
        const { directory, after } = await directoryOf(bucket);
        const entry = getOwn(directory, service);
        if (!entry) return undefined;
        const [offset, headerLength] = entry;
        const section = after + offset;
        const [header] = await io.read(bucket, [{ start: section, end: section + headerLength }]);
        const parsed = JSON.parse(await text(header!)) as PackHeader;
        return { packed: new PackedService(bucket, section, headerLength, parsed), queue: Promise.resolve() };
      })();
      found.catch(() => services.delete(service));
      services.set(service, found);
    }
    return found;
  };

  const fill = async (packed: PackedService, operations: readonly string[] | undefined) => {
    const groups = packed.missing(operations);
    const whole = !operations && !packed.isComplete;
    // The trailer is the segment after the last group; a whole read takes every segment at once.
    const wanted = whole ? [...groups, packed.trailer] : groups;
    if (!wanted.length) return;
    const runs = packed.runs(wanted, whole ? Infinity : io.gap);
    const bytes = await io.read(
      packed.bucket,
      runs.map(([first, last]) => packed.range(first, last)),
    );
    // One inflate per run: its segments' texts, a line each.
    const lines = await Promise.all(bytes.map((b) => text(b).then((t) => t.split('\n'))));
    const read = new Map<number, string>();
    runs.forEach(([first, last], r) => {
      for (const i of wanted) if (i >= first && i <= last) read.set(i, lines[r]![i - first]!);
    });
    if (whole) {
      const trailer = read.get(packed.trailer)!;
      read.delete(packed.trailer);
      packed.finish(read, trailer);
    } else packed.addGroups(read);
  };

  const load = async (service: string, operations: readonly string[] | undefined) => {
    const state = /^[a-z0-9-]+$/.test(service) ? await serviceOf(service) : undefined;
    if (!state) throw new UnknownNameError(`Unknown service: ${service}`);
    if (!state.packed.missing(operations).length && (operations || state.packed.isComplete)) return state.packed.bundle;
    const done = state.queue.then(() => fill(state.packed, operations));
    state.queue = done.catch(() => undefined);
    await done;
    return state.packed.bundle;
  };
  // A pack that cannot be read (missing, damaged, a server's error page) is named, whatever failed.
  return (service, operations) =>
    load(service, operations).catch((error: unknown) => {
      if (error instanceof UnknownNameError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Could not read the ${service} model from models/pack-${bucketOf(service)}.bin: ${reason}`, {
        cause: error,
      });
    });
}

interface PackHeader {
  metadata: ServiceBundle['metadata'];
  endpointRuleSet?: unknown;
  clientContextParams?: ServiceBundle['clientContextParams'];
  waiters?: ServiceBundle['waiters'];
  paginators?: Record<string, PaginatorConfig>;
  shapes: Record<string, Shape>;
  operations: Record<string, number[]>;
  groups: number[];
  trailer: number;
}

interface PackGroup {
  s?: Record<string, Shape>;
  o?: Record<string, Operation>;
  p?: Record<string, PaginatorConfig>;
}

interface PackTrailer {
  s: Record<string, Shape>;
  order: number[];
}

/** A byte range of a pack file, `end` exclusive. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * One service being read: the bundle as far as it has been read (the same object throughout, so every
 * holder of it sees what later reads add), and what remains to read.
 */
class PackedService {
  readonly bundle: ServiceBundle;
  private readonly loaded = new Set<number>();
  /** The names of each read group's shapes, in model order among themselves. */
  private readonly groupShapes = new Map<number, string[]>();
  /** Where each segment (the groups, then the trailer) starts in the file, and its length. */
  private readonly starts: number[] = [];
  private readonly lengths: number[];
  private complete = false;

  /** `section`: where the section starts in the file; `header` as parsed. */
  constructor(
    readonly bucket: string,
    section: number,
    headerLength: number,
    private readonly header: PackHeader,
  ) {
    const { metadata, endpointRuleSet, clientContextParams, waiters, paginators, shapes } = header;
    this.bundle = {
      metadata,
      operations: {},
      operationNames: Object.keys(header.operations),
      shapes: { ...shapes },
      paginators: { ...paginators },
    };
    if (endpointRuleSet !== undefined) this.bundle.endpointRuleSet = endpointRuleSet;
    if (clientContextParams) this.bundle.clientContextParams = clientContextParams;
    if (waiters) this.bundle.waiters = waiters;
    this.lengths = [...header.groups, header.trailer];
    let at = section + headerLength;
    for (const length of this.lengths) {
      this.starts.push(at);
      at += length;
    }
  }

  get isComplete(): boolean {
    return this.complete;
  }

  /** The groups `operations` need that are not read yet (unknown operations need none). */
  missing(operations: readonly string[] | undefined): number[] {
    if (this.complete) return [];
    const wanted = operations
      ? operations.flatMap((op) => getOwn(this.header.operations, op) ?? [])
      : this.header.groups.map((_, i) => i);
    return [...new Set(wanted)].filter((i) => !this.loaded.has(i)).sort((a, b) => a - b);
  }

  /** The trailer's segment number: the one after the last group. */
  get trailer(): number {
    return this.header.groups.length;
  }

  /** Where segments `first` to `last` (groups, then the trailer) are in the file. */
  range(first: number, last: number): ByteRange {
    return { start: this.starts[first]!, end: this.starts[last]! + this.lengths[last]! };
  }

  /**
   * Runs of segments to read as one ([first, last], in file order): wanted segments no more than `gap`
   * bytes apart are joined, the segments between them read along.
   */
  runs(wanted: readonly number[], gap: number): Array<[number, number]> {
    const runs: Array<[number, number]> = [];
    for (const i of [...wanted].sort((a, b) => a - b)) {
      const last = runs.at(-1);
      if (last && this.starts[i]! - this.range(last[0], last[1]).end <= gap) last[1] = i;
      else runs.push([i, i]);
    }
    return runs;
  }

  /** Adds groups' content (their JSON texts, by group number) to the bundle. */
  addGroups(groups: ReadonlyMap<number, string>): void {
    for (const [i, text] of groups) {
      if (this.loaded.has(i)) continue;
      const group = JSON.parse(text) as PackGroup;
      Object.assign(this.bundle.shapes, group.s);
      Object.assign(this.bundle.operations, group.o);
      Object.assign(this.bundle.paginators!, group.p);
      this.groupShapes.set(i, Object.keys(group.s ?? {}));
      this.loaded.add(i);
    }
  }

  /**
   * The rest of the model, `groups` (those not read yet) and the trailer: the shapes and operations are
   * put in model order in one pass, in place (holders of the bundle keep the same objects).
   */
  finish(groups: ReadonlyMap<number, string>, trailerText: string): void {
    if (this.complete) return;
    const trailer = JSON.parse(trailerText) as PackTrailer;
    const { shapes, operations, paginators } = this.bundle;
    // Each source's shapes are in model order among themselves: `order` interleaves them again.
    const sources = new Map<number, Record<string, Shape>>([
      [-1, this.header.shapes],
      [-2, trailer.s],
    ]);
    const names = new Map<number, string[]>(this.groupShapes);
    for (const [i, text] of groups) {
      if (this.loaded.has(i)) continue;
      const group = JSON.parse(text) as PackGroup;
      sources.set(i, group.s ?? {});
      names.set(i, Object.keys(group.s ?? {}));
      Object.assign(operations, group.o);
      Object.assign(paginators!, group.p);
    }
    for (const i of names.keys()) if (!sources.has(i)) sources.set(i, shapes);
    names.set(-1, Object.keys(this.header.shapes));
    names.set(-2, Object.keys(trailer.s));
    const next = new Map<number, number>();
    const ordered = trailer.order.map((source) => {
      const at = next.get(source) ?? 0;
      next.set(source, at + 1);
      const name = names.get(source)![at]!;
      return [name, sources.get(source)![name]!] as const;
    });
    for (const key of Object.keys(shapes)) delete shapes[key];
    for (const [name, shape] of ordered) shapes[name] = shape;
    reorder(operations, Object.keys(this.header.operations));
    this.complete = true;
  }
}

/** Puts `object`'s keys in the order of `keys` (those it has), in place. */
function reorder<T>(object: Record<string, T>, keys: string[]): void {
  const entries = keys.filter((key) => Object.hasOwn(object, key)).map((key) => [key, object[key]!] as const);
  for (const key of Object.keys(object)) delete object[key];
  for (const [key, value] of entries) object[key] = value;
}
