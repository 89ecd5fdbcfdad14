/**
 * How a SigV4 signature is made, laid out from the engine's own stages: the canonical request line by
 * line with what each line is and where it came from, the string to sign, the four HMACs of the signing
 * key (the secret key itself shown as `…`), the signature and the Authorization header. The same view
 * serves a command's requests (from its `signing` events) and a request signed by hand.
 */
import type { SigningTrace } from '../../src/core/client-config.js';
import { el } from './dom.js';

export function signingView(trace: SigningTrace): HTMLElement {
  const [date = '', region = '', service = ''] = trace.credentialScope.split('/');
  const lines = trace.canonicalRequest.split('\n');
  const headerCount = lines.length - 6;
  const roles = [
    ['HTTP method', 'the request line'],
    ['Canonical URI', 'the path, each segment URI-encoded (encoded twice for every service but S3)'],
    ['Canonical query string', 'the query parameters sorted by name, names and values URI-encoded'],
    ...Array.from({ length: Math.max(0, headerCount) }, () => [
      'Canonical header',
      'a header sent with the request: name in lower case, value trimmed',
    ]),
    ['(blank)', 'ends the headers'],
    ['Signed headers', 'the names of the headers above, sorted, joined with ;'],
    ['Payload hash', 'the hex SHA-256 of the body, or the marker the service accepts in its place'],
  ];
  const table = el('table', { className: 'canonical' }, [
    el('thead', {}, [el('tr', {}, [el('th', {}, ['Line']), el('th', {}, ['What it is'])])]),
    el(
      'tbody',
      {},
      lines.map((line, i) =>
        el('tr', {}, [el('td', {}, [line || ' ']), el('td', {}, [`${roles[i]?.[0] ?? ''}: ${roles[i]?.[1] ?? ''}`])]),
      ),
    ),
  ]);
  const stsLines = trace.stringToSign.split('\n');
  const keySteps = [
    ['kDate', 'HMAC-SHA256("AWS4" + secret key …', date],
    ['kRegion', 'HMAC-SHA256(kDate', region],
    ['kService', 'HMAC-SHA256(kRegion', service],
    ['kSigning', 'HMAC-SHA256(kService', 'aws4_request'],
  ];
  return el('div', { className: 'signing' }, [
    el('h4', {}, ['1. Canonical request']),
    el('pre', { dataset: { part: 'canonical-request' } }, [trace.canonicalRequest]),
    table,
    el('h4', {}, ['2. String to sign']),
    el('pre', { dataset: { part: 'string-to-sign' } }, [trace.stringToSign]),
    el('dl', { className: 'trace' }, [
      el('dt', {}, [stsLines[0] ?? '']),
      el('dd', {}, ['the algorithm']),
      el('dt', {}, [stsLines[1] ?? '']),
      el('dd', {}, ['the time of signing, as sent in X-Amz-Date']),
      el('dt', {}, [stsLines[2] ?? '']),
      el('dd', {}, ['the credential scope: date / region / service / aws4_request']),
      el('dt', {}, [stsLines[3] ?? '']),
      el('dd', {}, ['the hex SHA-256 of the canonical request above']),
    ]),
    el('h4', {}, ['3. Signing key']),
    el(
      'dl',
      { className: 'trace' },
      keySteps.flatMap(([name, how, part], i) => [
        el('dt', {}, [`${name} = ${how}, "${part}")`]),
        el('dd', { dataset: { part: `key-${i}` } }, [trace.signingKey[i] ?? '']),
      ]),
    ),
    el('p', { className: 'muted' }, [
      'Each key is cut short here: with the whole of kSigning anyone could sign requests for this day, region and service.',
    ]),
    el('h4', {}, ['4. Signature = hex(HMAC-SHA256(kSigning, string to sign))']),
    el('pre', { dataset: { part: 'signature' } }, [trace.signature]),
    el('h4', {}, ['Authorization header']),
    el('pre', { dataset: { part: 'authorization' } }, [
      `AWS4-HMAC-SHA256 Credential=${trace.accessKeyId}/${trace.credentialScope}, SignedHeaders=${trace.signedHeaders}, Signature=${trace.signature}`,
    ]),
  ]);
}
