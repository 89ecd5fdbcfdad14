/**
 * Terminal colours in the output log: `--color on` writes ANSI SGR sequences (bold and the eight
 * colours table output uses); each run of text becomes a span with their classes. Any other escape
 * sequence is dropped rather than shown as garbage.
 */
export function renderAnsi(text: string, into: HTMLElement): void {
  into.textContent = '';
  let classes: string[] = [];
  // Sequences are `ESC [ params letter`; `m` sets the style, the rest are cursor moves a log has no use for.
  // eslint-disable-next-line no-control-regex -- ESC is exactly what is being matched
  const pattern = /\x1b\[([0-9;]*)([A-Za-z])/g;
  let last = 0;
  const emit = (chunk: string) => {
    if (!chunk) return;
    if (!classes.length) into.append(chunk);
    else {
      const span = document.createElement('span');
      span.className = classes.join(' ');
      span.textContent = chunk;
      into.append(span);
    }
  };
  for (const match of text.matchAll(pattern)) {
    emit(text.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[2] !== 'm') continue;
    for (const code of (match[1] || '0').split(';').map(Number)) {
      if (code === 0) classes = [];
      else if (code === 1) classes.push('ansi-bold');
      else if (code >= 30 && code <= 37) classes = [...classes.filter((c) => !/^ansi-3\d$/.test(c)), `ansi-${code}`];
      else if (code === 39) classes = classes.filter((c) => !/^ansi-3\d$/.test(c));
    }
  }
  emit(text.slice(last));
}
