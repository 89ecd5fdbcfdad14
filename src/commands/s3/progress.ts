/**
 * The transfer commands' progress line, laid out as the AWS CLI's ResultPrinter does it:
 * `Completed 1.5 MiB/8.0 MiB (3.2 MiB/s) with 2 file(s) remaining`, or `Completed 3 file(s) with 2
 * file(s) remaining` when no bytes are expected, ended by a carriage return so the next one overwrites
 * it. A result line printed meanwhile is padded to cover it and the progress is drawn again below. The
 * CLI prints this whatever stdout is; isoaws only on a terminal, so piped output holds just the results.
 */
import type { Writer } from '../../core/host.js';
import { humanReadableSize } from './ls.js';

/** At most this often, in milliseconds, the line is redrawn for bytes alone (every result redraws it). */
const REDRAW_MS = 100;

export interface ProgressLayout {
  /** `--progress-frequency` in milliseconds: no redraw, for bytes or results, sooner than this after the last. */
  everyMs: number;
  /** `--progress-multiline`: each update on a line of its own, none overwritten. */
  multiline: boolean;
}

export class ProgressLine {
  private bytesDone = 0;
  private filesDone = 0;
  /** Columns the drawn line takes; 0 when none is showing. */
  private shown = 0;
  private lastDraw = -Infinity;
  private readonly started: number;

  constructor(
    private readonly stdout: Writer,
    private readonly now: () => number,
    private readonly expectedBytes: number,
    private readonly expectedFiles: number,
    private readonly layout: ProgressLayout = { everyMs: 0, multiline: false },
  ) {
    this.started = now();
  }

  bytes(n: number): void {
    this.bytesDone += n;
    this.drawIfDue(Math.max(REDRAW_MS, this.layout.everyMs));
  }

  /** A file left out once its transfer began (a conditional write that found the object there): done, with no line. */
  skipped(): void {
    this.filesDone++;
    if (this.filesDone < this.expectedFiles) this.drawIfDue(this.layout.everyMs);
  }

  /** A result line (`upload: …`, `upload failed: …`), written over the progress on its own writer. */
  result(writer: Writer, line: string, fileDone: boolean): void {
    if (fileDone) this.filesDone++;
    writer.write(`${line.padEnd(this.shown)}\n`);
    this.shown = 0;
    if (this.filesDone < this.expectedFiles) this.drawIfDue(this.layout.everyMs);
  }

  private drawIfDue(interval: number): void {
    const now = this.now();
    if (now - this.lastDraw >= interval) this.draw(now);
  }

  private draw(now: number): void {
    this.lastDraw = now;
    const remaining = this.expectedFiles - this.filesDone;
    let line: string;
    if (this.expectedBytes > 0) {
      const seconds = Math.max((now - this.started) / 1000, 1e-3);
      const expected = Math.max(this.expectedBytes, this.bytesDone);
      line = `Completed ${humanReadableSize(this.bytesDone)}/${humanReadableSize(expected)} (${humanReadableSize(this.bytesDone / seconds)}/s) with ${remaining} file(s) remaining`;
    } else {
      line = `Completed ${this.filesDone} file(s) with ${remaining} file(s) remaining`;
    }
    if (this.layout.multiline) {
      this.stdout.write(`${line}\n`);
      return;
    }
    this.stdout.write(`${line.padEnd(this.shown)}\r`);
    this.shown = line.length;
  }
}
