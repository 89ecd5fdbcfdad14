/**
 * Splits a command line into arguments the way a POSIX shell does for the cases people type at the
 * isoaws prompt: whitespace separates, single quotes keep everything literally, double quotes keep
 * spaces and honour `\"` and `\\`, a backslash outside quotes escapes the next character.
 */
import { ArgumentError } from './usage.js';

export function splitLine(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let inArg = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ArgumentError('Unterminated single quote in the command line');
      current += line.slice(i + 1, end);
      i = end;
      inArg = true;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && (line[j + 1] === '"' || line[j + 1] === '\\' || line[j + 1] === '$' || line[j + 1] === '`')) j++;
        current += line[j];
      }
      if (j >= line.length) throw new ArgumentError('Unterminated double quote in the command line');
      i = j;
      inArg = true;
    } else if (c === '\\' && i + 1 < line.length) {
      current += line[++i];
      inArg = true;
    } else if (/\s/.test(c)) {
      if (inArg) args.push(current);
      current = '';
      inArg = false;
    } else {
      current += c;
      inArg = true;
    }
  }
  if (inArg) args.push(current);
  return args;
}
