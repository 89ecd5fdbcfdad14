/**
 * A request's or response's body as `history show` prints it (show.py, _pformat_http_body): a note
 * when there is none or it streams, XML laid out by minidom's toprettyxml (after the white space the
 * service put between lines is stripped, so that an already indented body is not indented twice), a
 * JSON object re-dumped with sorted keys and four-space indents, anything else as it is.
 */
import { pyJsonDumps, pyJsonLoads } from '../../cli/history/py-json.js';
import { parseXmlDocument, writeXmlDocument, type XmlNode } from './minidom.js';

export function formatHttpBody(body: string | null | undefined, streaming: boolean): string {
  if (!body) return 'There is no associated body';
  if (streaming) return 'The body is a stream and will not be displayed';
  const xml = parseXmlDocument(body);
  if (xml) return prettyXml(xml) ?? body;
  if (body.startsWith('{')) {
    try {
      return pyJsonDumps(pyJsonLoads(body), { indent: 4, sortKeys: true });
    } catch {
      // Not JSON after all: printed as it is.
    }
  }
  return body;
}

/** toxml(), each line stripped and the lines joined, parsed again and written by toprettyxml(indent='    '). */
function prettyXml(nodes: readonly XmlNode[]): string | undefined {
  const stripped = writeXmlDocument(nodes, '', '').split(LINE_BREAK).map(pyStrip).join('');
  const again = parseXmlDocument(stripped);
  return again && writeXmlDocument(again, '    ', '\n');
}

// Python's str.splitlines() boundaries and the white space str.strip() removes.
// eslint-disable-next-line no-control-regex -- Python counts these separators as line ends
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;
const PY_SPACE = '\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PY_STRIP = new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g');

function pyStrip(line: string): string {
  return line.replace(PY_STRIP, '');
}
