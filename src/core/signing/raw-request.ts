/**
 * A raw HTTP/1.1 request as text, in the form of the AWS SigV4 test suite's `.req` files: read by the
 * suite's test and by the playground, where a learner pastes one to see each stage of its signature.
 */
import { IsoawsError } from '../errors.js';
import { getHeader } from '../headers.js';
import type { SignableRequest } from './sigv4.js';

/**
 * A request line whose path may hold spaces (`GET /a b HTTP/1.1`), `Name:value` headers (a line starting
 * with whitespace continues the previous value; a repeated name adds `,value`), a blank line, then the
 * body. CRLF line ends are read as LF. The URL is `https://` and the Host header's value.
 */
export function parseRawRequest(text: string): SignableRequest {
  const [head = '', ...rest] = text.replace(/\r\n/g, '\n').split('\n\n');
  const lines = head.split('\n');
  const requestLine = lines.shift() ?? '';
  const parts = /^([A-Za-z]+) (.*) HTTP\/\d(?:\.\d)?$/.exec(requestLine);
  if (!parts) {
    throw new IsoawsError(
      `The request's first line must be METHOD PATH HTTP/1.1 (as "GET / HTTP/1.1"), not ${JSON.stringify(requestLine)}`,
    );
  }
  const [, method = '', path = ''] = parts;
  const headers: Record<string, string> = {};
  let last: string | undefined;
  for (const line of lines) {
    if (line === '') continue;
    if (/^\s/.test(line) && last !== undefined) {
      headers[last] += `\n${line}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new IsoawsError(`A header line must be Name:value, not ${JSON.stringify(line)}`);
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1);
    last = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
    headers[last] = headers[last] === undefined ? value : `${headers[last]},${value}`;
  }
  const host = getHeader(headers, 'host')?.trim();
  if (!host) throw new IsoawsError('The request has no Host header: SigV4 signs the host the request goes to');
  return { method, url: `https://${host}${path}`, headers, body: rest.length ? rest.join('\n\n') : undefined };
}
