/**
 * Errors on the wire, in each protocol's own form: S3's `<Error>` document (with its extra fields, the
 * canonical request and string to sign of a signature mismatch among them; no body for a HEAD or a 304), the
 * REST-JSON `x-amzn-ErrorType` header with Glacier's `{code, message, type}` body, JSON's `__type`, and
 * the query protocols' XML (query.ts).
 */
import type { ServiceModel } from '../../core/model/types.js';
import { escapeXmlText } from '../../core/protocols/xml.js';
import { writeJsonValue } from '../../core/protocols/json-value.js';
import { utf8Encode } from '../../core/protocols/shared.js';
import type { ProtocolName } from '../../core/protocols/index.js';
import type { SandboxError } from '../service.js';
import { wireErrorCode, writeQueryError } from './query.js';
import type { WireReply } from './types.js';

export function writeError(
  protocol: ProtocolName,
  model: ServiceModel | undefined,
  error: SandboxError,
  requestId: string,
  method: string,
): WireReply {
  const reply = (headers: Record<string, string>, body: string): WireReply => ({
    statusCode: error.statusCode,
    headers,
    // A HEAD has no body, nor has a 304 (S3's answer to a met If-None-Match).
    body: method === 'HEAD' || error.statusCode === 304 ? new Uint8Array(0) : utf8Encode(body),
  });
  switch (protocol) {
    case 'query':
    case 'ec2':
      if (model) return writeQueryError(model, error, requestId, protocol === 'ec2');
      break;
    case 'rest-json':
      return reply(
        { 'content-type': 'application/json', 'x-amzn-errortype': error.code },
        JSON.stringify({
          code: error.code,
          message: error.message,
          type: error.statusCode >= 500 ? 'Server' : 'Client',
        }),
      );
    case 'json':
    case 'smithy-rpc-v2-cbor':
      return reply(jsonErrorHeaders(model, error), JSON.stringify(jsonErrorBody(model, error)));
    case 'rest-xml':
      break;
  }
  const fields = Object.entries(error.fields)
    .map(([k, v]) => `<${k}>${escapeXmlText(v)}</${k}>`)
    .join('');
  return reply(
    { 'content-type': 'application/xml' },
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXmlText(error.code)}</Code><Message>${escapeXmlText(error.message)}</Message>${fields}<RequestId>${requestId}</RequestId><HostId>${requestId}</HostId></Error>`,
  );
}

/**
 * A service that moved from the query protocol to JSON (SQS) also sends the query error code its old
 * clients know (`AWS.SimpleQueueService.NonExistentQueue`) in `x-amzn-query-error`, which is what the AWS
 * CLI reports.
 */
function jsonErrorHeaders(model: ServiceModel | undefined, error: SandboxError): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.0' };
  if (model?.metadata.awsQueryCompatible) {
    const fault = error.statusCode >= 500 ? 'Receiver' : 'Sender';
    headers['x-amzn-query-error'] = `${wireErrorCode(model, error.code)};${fault}`;
  }
  return headers;
}

/** `__type`, `message`, and the error shape's members as the model writes them (DynamoDB's `CancellationReasons`). */
function jsonErrorBody(model: ServiceModel | undefined, error: SandboxError): Record<string, unknown> {
  const modeled =
    model && Object.keys(error.members).length && Object.hasOwn(model.shapes, error.code)
      ? (writeJsonValue(model, { shape: error.code }, error.members) as Record<string, unknown>)
      : {};
  return { __type: error.code, message: error.message, ...modeled };
}
