/**
 * The command line's history, kept in the page's localStorage so it survives a reload, as
 * ~/.isoaws/repl_history does for the terminal shell. A line that hands over a secret is never kept
 * (the shell's own rule, src/shell/history.ts).
 */
import { holdsSecret } from '../../src/shell/history.js';

const KEY = 'isoaws:playground-history';
const LIMIT = 500;

export interface History {
  /** Oldest first. */
  readonly lines: readonly string[];
  add(line: string): void;
}

export function openHistory(storage: Pick<Storage, 'getItem' | 'setItem'>): History {
  let lines: string[] = [];
  try {
    const kept: unknown = JSON.parse(storage.getItem(KEY) ?? '[]');
    if (Array.isArray(kept)) lines = kept.filter((l): l is string => typeof l === 'string').slice(-LIMIT);
  } catch {
    // Unreadable history (another page of this origin wrote the key): start afresh.
  }
  return {
    get lines() {
      return lines;
    },
    add(line) {
      const text = line.trim();
      if (!text || holdsSecret(text) || lines[lines.length - 1] === text) return;
      lines = [...lines, text].slice(-LIMIT);
      storage.setItem(KEY, JSON.stringify(lines));
    },
  };
}
