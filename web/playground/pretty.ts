/**
 * Request and response bodies laid out for reading: JSON indented, XML one element per line, a query
 * protocol form one parameter per line (decoded). Anything else is shown as it came.
 */
export function prettyBody(body: string | undefined, headers: Record<string, string> = {}): string {
  if (body === undefined || body === '') return '';
  const type = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';
  const trimmed = body.trimStart();
  if (type.includes('json') || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      return body;
    }
  }
  if (trimmed.startsWith('<')) return prettyXml(trimmed);
  if (type.includes('x-www-form-urlencoded')) {
    return body
      .split('&')
      .map((pair) => {
        const [name = '', value = ''] = pair.split('=');
        return `${decode(name)} = ${decode(value)}`;
      })
      .join('\n');
  }
  return body;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** Indents XML by nesting: an element holding only text stays on one line. */
function prettyXml(xml: string): string {
  const tokens = xml.match(/<[^>]+>|[^<]+/g) ?? [];
  const lines: string[] = [];
  let depth = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (/^\s+$/.test(token)) continue;
    const pad = '  '.repeat(depth);
    if (token.startsWith('</')) {
      depth = Math.max(0, depth - 1);
      lines.push('  '.repeat(depth) + token);
    } else if (token.startsWith('<?') || token.startsWith('<!') || token.endsWith('/>')) {
      lines.push(pad + token);
    } else if (token.startsWith('<')) {
      const text = tokens[i + 1];
      const close = tokens[i + 2];
      if (text !== undefined && !text.startsWith('<') && close?.startsWith('</')) {
        lines.push(pad + token + text + close);
        i += 2;
      } else {
        lines.push(pad + token);
        depth++;
      }
    } else lines.push(pad + token.trim());
  }
  return lines.join('\n');
}
