/**
 * Per-service and per-operation behaviour that the models cannot express, in one typed table keyed
 * `'service'` or `'service.Operation'` (DESIGN.md: "A per-operation quirk … lives in one typed table").
 * Each entry reproduces a botocore handler (botocore/handlers.py names it in the comment) so that the
 * requests we send and the results we return are the ones the AWS CLI sends and returns.
 */
import { glacierHashes } from './checksums/tree-hash.js';
import { headerName, setDefaultHeader } from './headers.js';
import { readableChunks } from './streaming-body.js';
import type { Operation } from './model/types.js';
import type { Quirk, QuirkRequest } from './quirk-types.js';
import { IsoawsError, ParamValidationError } from './errors.js';
import { fromBase64, toBase64, toBytes, utf8Decode } from './protocols/shared.js';
import { requestTarget, uriEncode } from './request-url.js';

/** Quirks that apply to `service.Operation`: those of every service, the service's, then the operation's. */
export function quirksFor(service: string, operation: string): Quirk[] {
  return [...QUIRKS['*']!, ...(QUIRKS[service] ?? []), ...(QUIRKS[`${service}.${operation}`] ?? [])];
}

/**
 * handlers.add_glacier_checksums: the body's SHA-256 (`x-amz-content-sha256`) and tree hash
 * (`x-amz-sha256-tree-hash`) unless given, read in one pass. Bytes and Blobs can be read before they are
 * sent; a one-shot stream cannot, so its caller passes the checksum.
 */
const glacierChecksums: Quirk = {
  async payload(headers, body, ctx) {
    if (
      headerName(headers, 'x-amz-content-sha256') !== undefined &&
      headerName(headers, 'x-amz-sha256-tree-hash') !== undefined
    )
      return;
    let chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
    if (body === undefined) chunks = [];
    else if (body instanceof Uint8Array) chunks = [body];
    else if (body instanceof Blob) chunks = readableChunks(body.stream());
    else return;
    const { linear, treeHash } = await glacierHashes(chunks, { linear: true, sha256: ctx.sha256 });
    setDefaultHeader(headers, 'x-amz-content-sha256', linear!);
    setDefaultHeader(headers, 'x-amz-sha256-tree-hash', treeHash);
  },
};

/** handlers.remove_bucket_from_url_paths_from_model: the rule set puts the bucket in the URL, not the model. */
function stripBucketFromPath(op: Operation): Operation {
  const uri = op.http.requestUri;
  if (!uri.startsWith('/{Bucket}')) return op;
  return { ...op, http: { ...op.http, requestUri: uri.slice('/{Bucket}'.length) || '/' } };
}

/**
 * handlers.remove_accid_host_prefix_from_model: S3 Control's rule set puts the account in the host
 * itself when the operation requires one, so the model's `{AccountId}.` host prefix would put it twice.
 */
function stripAccountHostPrefix(op: Operation): Operation {
  if (op.endpoint?.hostPrefix !== '{AccountId}.' || op.staticContextParams?.RequiresAccountId?.value !== true)
    return op;
  const { endpoint: _prefix, ...rest } = op;
  return rest;
}

// botocore's patterns, kept as its text: the message quotes them.
const VALID_BUCKET = String.raw`^[a-zA-Z0-9.\-_]{1,255}$`;
const VALID_S3_ARN = String.raw`^arn:(aws).*:(s3|s3-object-lambda):[a-z\-0-9]*:[0-9]{12}:accesspoint[/:][a-zA-Z0-9\-.]{1,63}$|^arn:(aws).*:s3-outposts:[a-z\-0-9]+:[0-9]{12}:outpost[/:][a-zA-Z0-9\-]{1,63}[/:]accesspoint[/:][a-zA-Z0-9\-]{1,63}$`;

/** handlers.validate_bucket_name: a bucket is refused before any request unless it is a name or an access point ARN. */
function checkBucketName(params: Record<string, unknown>): Record<string, unknown> {
  const bucket = params.Bucket;
  if (typeof bucket === 'string' && !new RegExp(VALID_BUCKET).test(bucket) && !new RegExp(VALID_S3_ARN).test(bucket))
    throw new ParamValidationError([
      {
        path: 'Bucket',
        message: `Invalid bucket name "${bucket}": Bucket name must match the regex "${VALID_BUCKET}" or be an ARN matching the regex "${VALID_S3_ARN}"`,
      },
    ]);
  return params;
}

/** handlers.validate_ascii_metadata: S3 keeps metadata as ASCII headers, so anything else is refused up front. */
function checkAsciiMetadata(params: Record<string, unknown>): Record<string, unknown> {
  const metadata = params.Metadata;
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) return params;
  for (const [key, value] of Object.entries(metadata)) {
    // eslint-disable-next-line no-control-regex -- ASCII is exactly the range checked
    if (/^[\x00-\x7f]*$/.test(key) && (typeof value !== 'string' || /^[\x00-\x7f]*$/.test(value))) continue;
    throw new ParamValidationError([
      {
        path: `Metadata.${key}`,
        message: `Non ascii characters found in S3 metadata for key "${key}", value: "${String(value)}".  \nS3 metadata can only contain ASCII characters. `,
      },
    ]);
  }
  return params;
}

/**
 * handlers.add_expect_header: an upload (PutObject, UploadPart: a PUT or POST whose payload streams) asks
 * for `100 Continue` before its body goes, so a request S3 refuses (a wrong region, no permission) costs
 * its head, not its body. botocore does so for a body read from a file, which every CLI upload is; an
 * empty one has nothing to hold back. The signer leaves `Expect` unsigned, as botocore's does.
 */
const expectContinue: Quirk = {
  async payload(headers, body, ctx) {
    if (!['PUT', 'POST'].includes(ctx.operation.http.method)) return;
    if (body === undefined || (body instanceof Uint8Array && body.length === 0)) return;
    const input = ctx.operation.input && ctx.model.shapes[ctx.operation.input.shape];
    const payload = input?.payload !== undefined ? input.members?.[input.payload] : undefined;
    if (payload && (payload.streaming || ctx.model.shapes[payload.shape]?.streaming))
      setDefaultHeader(headers, 'Expect', '100-continue');
  },
};

/**
 * handlers.handle_expires_header: S3 echoes whatever `Expires` an object was stored with, a date or not.
 * The header as sent is given as `ExpiresString`, and one that is no date is dropped before parsing
 * rather than failing the call.
 */
const expiresHeader: Quirk = {
  responseHeaders(headers, ctx) {
    const value = headers.expires;
    const output = ctx.operation.output ? ctx.model.shapes[ctx.operation.output.shape] : undefined;
    if (value === undefined || !output?.members?.Expires) return headers;
    ctx.notes.expiresString = value;
    if (!Number.isNaN(Date.parse(value)) || /^\d+(\.\d+)?$/.test(value.trim())) return headers;
    const { expires: _unparseable, ...rest } = headers;
    return rest;
  },
  output(out, ctx) {
    return typeof ctx.notes.expiresString === 'string' ? { ...out, ExpiresString: ctx.notes.expiresString } : out;
  },
};

/**
 * handlers.escape_xml_payload: CR and LF in the XML (from keys or prefixes: nothing else writes them) as
 * character references, which an XML parser keeps, where it would turn a raw CR LF into one LF.
 */
function escapeLineBreaks(req: QuirkRequest): QuirkRequest {
  const body =
    typeof req.body === 'string' ? req.body : req.body instanceof Uint8Array ? utf8Decode(req.body) : undefined;
  if (body === undefined || !/[\r\n]/.test(body)) return req;
  return { ...req, body: body.replaceAll('\r', '&#xD;').replaceAll('\n', '&#xA;') };
}

/** handlers.set_list_objects_encoding_type_url + decode_list_object*: keys survive any character. */
function listObjectsEncoding(topLevel: string[], nested: Array<[string, string]>): Quirk {
  return {
    input(params, ctx) {
      if ('EncodingType' in params) return params;
      ctx.notes.encodingAutoSet = true;
      return { ...params, EncodingType: 'url' };
    },
    output(out, ctx) {
      if (!ctx.notes.encodingAutoSet || out.EncodingType !== 'url') return out;
      const result: Record<string, unknown> = { ...out };
      for (const key of topLevel) if (typeof result[key] === 'string') result[key] = unquote(result[key] as string);
      for (const [list, key] of nested) {
        const items = result[list];
        if (Array.isArray(items)) {
          result[list] = items.map((item: Record<string, unknown>) =>
            typeof item[key] === 'string' ? { ...item, [key]: unquote(item[key] as string) } : item,
          );
        }
      }
      return result;
    },
  };
}

/**
 * Python's `unquote_plus`, which botocore's `unquote_str` is: `+` is a space (S3 encodes a key's spaces so,
 * and a `+` as `%2B`), then percent-decoding, invalid escapes left as they are.
 */
function unquote(encoded: string): string {
  const text = encoded.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/(%[0-9a-fA-F]{2})+/g, (m) => {
      try {
        return decodeURIComponent(m);
      } catch {
        return m;
      }
    });
  }
}

/** handlers.handle_copy_source_param: `CopySource` is URL-quoted, except `/` (and `?versionId=`). */
const copySource: Quirk = {
  input(params) {
    const source = params.CopySource;
    if (typeof source === 'string') {
      const [path, version] = source.split('?versionId=') as [string, string | undefined];
      const quoted = quoteCopyPath(path);
      return { ...params, CopySource: version === undefined ? quoted : `${quoted}?versionId=${version}` };
    }
    if (source && typeof source === 'object') {
      const { Bucket, Key, VersionId } = source as Record<string, string>;
      const quotedKey = quoteCopyPath(Key ?? '');
      return { ...params, CopySource: `${Bucket}/${quotedKey}${VersionId ? `?versionId=${VersionId}` : ''}` };
    }
    return params;
  },
};

/** Python's `quote(value, safe='/~')`, which botocore applies to both forms of CopySource. */
function quoteCopyPath(path: string): string {
  return uriEncode(path).replace(/%2F/g, '/');
}

/** handlers.sse_md5: the SSE-C key is sent base64-encoded with its MD5, both computed for the caller. */
function sseCustomerKey(prefix: 'SSECustomer' | 'CopySourceSSECustomer'): Quirk {
  return {
    async input(params) {
      const key = params[`${prefix}Key`];
      if (key === undefined || params[`${prefix}KeyMD5`] !== undefined) return params;
      const { md5 } = await import('./checksums/md5.js');
      const bytes = toBytes(key);
      return { ...params, [`${prefix}Key`]: toBase64(bytes), [`${prefix}KeyMD5`]: toBase64(md5(bytes)) };
    },
  };
}

const sseC = sseCustomerKey('SSECustomer');
const copySourceSseC = sseCustomerKey('CopySourceSSECustomer');

const QUIRKS: Record<string, Quirk[]> = {
  /** handlers.inject_api_version_header_if_needed: an endpoint-discovery operation states the API version. */
  '*': [
    {
      headers(headers, ctx) {
        if (ctx.operation.endpointoperation) headers['x-amz-api-version'] = ctx.apiVersion;
      },
    },
  ],
  s3: [{ operation: stripBucketFromPath }, { input: checkBucketName }, expiresHeader, expectContinue],
  s3control: [{ operation: stripAccountHostPrefix }],
  's3.ListObjects': [
    listObjectsEncoding(
      ['Delimiter', 'Marker', 'NextMarker'],
      [
        ['Contents', 'Key'],
        ['CommonPrefixes', 'Prefix'],
      ],
    ),
  ],
  's3.ListObjectsV2': [
    listObjectsEncoding(
      ['Delimiter', 'Prefix', 'StartAfter'],
      [
        ['Contents', 'Key'],
        ['CommonPrefixes', 'Prefix'],
      ],
    ),
  ],
  's3.ListObjectVersions': [
    listObjectsEncoding(
      ['KeyMarker', 'NextKeyMarker', 'Prefix', 'Delimiter'],
      [
        ['Versions', 'Key'],
        ['DeleteMarkers', 'Key'],
        ['CommonPrefixes', 'Prefix'],
      ],
    ),
  ],
  's3.CopyObject': [copySource, sseC, copySourceSseC, { input: checkAsciiMetadata }],
  's3.DeleteObjects': [{ request: escapeLineBreaks }],
  's3.PutBucketLifecycleConfiguration': [{ request: escapeLineBreaks }],
  's3.UploadPartCopy': [copySource, sseC, copySourceSseC],
  's3.HeadObject': [sseC],
  's3.GetObject': [sseC],
  's3.PutObject': [sseC, { input: checkAsciiMetadata }],
  's3.CreateMultipartUpload': [sseC, { input: checkAsciiMetadata }],
  's3.UploadPart': [sseC],
  's3.CompleteMultipartUpload': [sseC],
  's3.SelectObjectContent': [sseC],
  /** handlers.parse_get_bucket_location: the body is a bare `<LocationConstraint>` element. */
  's3.GetBucketLocation': [
    {
      output(out, _ctx, raw) {
        if (!raw) return out;
        const match = /<LocationConstraint[^>]*>([^<]*)<\/LocationConstraint>|<LocationConstraint[^>]*\/>/.exec(
          new TextDecoder().decode(raw),
        );
        return match ? { ...out, LocationConstraint: match[1] ? match[1] : null } : out;
      },
    },
  ],
  /** handlers.inject_account_id + add_glacier_version. */
  glacier: [
    {
      input: (params) => (params.accountId == null ? { ...params, accountId: '-' } : params),
      headers(headers, ctx) {
        headers['x-amz-glacier-version'] = ctx.apiVersion;
      },
    },
  ],
  'glacier.UploadArchive': [glacierChecksums],
  'glacier.UploadMultipartPart': [glacierChecksums],
  /** handlers.add_accept_header. */
  apigateway: [
    {
      headers(headers) {
        setDefaultHeader(headers, 'Accept', 'application/json');
      },
    },
  ],
  /** handlers.json_decode_template_body: a JSON template comes back as the document it is. */
  'cloudformation.GetTemplate': [
    {
      output(out) {
        if (typeof out.TemplateBody !== 'string') return out;
        try {
          return { ...out, TemplateBody: JSON.parse(out.TemplateBody) as unknown };
        } catch {
          return out;
        }
      },
    },
  ],
  /** handlers.decode_console_output: the console's text, not its base64. */
  'ec2.GetConsoleOutput': [
    {
      output(out) {
        if (typeof out.Output !== 'string') return out;
        try {
          return { ...out, Output: new TextDecoder().decode(fromBase64(out.Output)) };
        } catch {
          return out;
        }
      },
    },
  ],
  /** handlers.change_get_to_post: a search's query, which can be long, goes as a form body. */
  'cloudsearchdomain.Search': [
    parameterAlias('return', 'returnFields'),
    {
      request(req) {
        const mark = req.url.indexOf('?');
        if (req.method !== 'GET' || mark === -1) return req;
        return {
          method: 'POST',
          url: req.url.slice(0, mark),
          headers: { ...req.headers, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: req.url.slice(mark + 1),
        };
      },
    },
  ],
  /** handlers.inject_presigned_url_ec2 and inject_presigned_url_rds (cross-region-presign.ts). */
  'ec2.CopySnapshot': [crossRegionUrl('ec2CopySnapshotUrl')],
  ...Object.fromEntries(
    [
      'rds.CopyDBClusterSnapshot',
      'rds.CreateDBCluster',
      'rds.CopyDBSnapshot',
      'rds.CreateDBInstanceReadReplica',
      'rds.StartDBInstanceAutomatedBackupsReplication',
      'neptune.CopyDBClusterSnapshot',
      'neptune.CreateDBCluster',
      'docdb.CopyDBClusterSnapshot',
      'docdb.CreateDBCluster',
    ].map((key) => [key, [crossRegionUrl('rdsSourceRegionUrl')]]),
  ),
  /** handlers._add_parameter_aliases: the documented names botocore accepts for three members (and cloudsearchdomain's below). */
  ec2: [parameterAlias('Filter', 'Filters')],
  'logs.CreateExportTask': [parameterAlias('from', 'fromTime')],
  /** handlers.switch_host_machinelearning: a prediction goes to the model's own real-time endpoint. */
  'machinelearning.Predict': [{ request: switchHostTo('PredictEndpoint') }],
  /** handlers.base64_encode_user_data. */
  'ec2.RunInstances': [{ input: base64UserData }],
  'autoscaling.CreateLaunchConfiguration': [{ input: base64UserData }],
  /** handlers.fix_route53_ids: `/hostedzone/Z123` from one call is accepted as `Z123` by the next. */
  route53: [
    {
      input(params, ctx) {
        const members = ctx.operation.input ? (ctx.model.shapes[ctx.operation.input.shape]?.members ?? {}) : {};
        const result = { ...params };
        for (const [name, ref] of Object.entries(members)) {
          const v = result[name];
          if (ROUTE53_ID_SHAPES.has(ref.shape) && typeof v === 'string') result[name] = v.split('/').pop();
        }
        return result;
      },
    },
  ],
};

/** A cross-region copy's presigned URL, its code loaded when such a call is signed. */
function crossRegionUrl(quirk: 'ec2CopySnapshotUrl' | 'rdsSourceRegionUrl'): Quirk {
  return {
    signed: async (req, presigner) => (await import('./cross-region-presign.js'))[quirk].signed!(req, presigner),
  };
}

/**
 * `alias` given for the operation's member `original` (where it has one) is sent as `original`; both
 * given is refused with botocore's AliasConflictParameterError words.
 */
function parameterAlias(original: string, alias: string): Quirk {
  return {
    input(params, ctx) {
      const members = ctx.operation.input ? ctx.model.shapes[ctx.operation.input.shape]?.members : undefined;
      if (!members || !Object.hasOwn(members, original) || !Object.hasOwn(params, alias)) return params;
      if (Object.hasOwn(params, original))
        throw new IsoawsError(
          `Parameter '${original}' and its alias '${alias}' were provided for operation ${ctx.operation.name}.  Only one of them may be used.`,
        );
      const { [alias]: value, ...rest } = params;
      return { ...rest, [original]: value };
    },
  };
}

/**
 * handlers.switch_host_with_param: the request goes to the scheme and host of the URL the JSON body's
 * `param` names (when it names one), keeping its own path and query; it is signed for that host.
 */
function switchHostTo(param: string): (req: QuirkRequest) => QuirkRequest {
  return (req) => {
    let target: unknown;
    try {
      target = typeof req.body === 'string' ? (JSON.parse(req.body) as Record<string, unknown>)[param] : undefined;
    } catch {
      return req;
    }
    if (typeof target !== 'string' || !target) return req;
    const origin = /^([a-z][a-z0-9+.-]*:\/\/[^/?#]*)/i.exec(target)?.[1];
    return origin ? { ...req, url: origin + requestTarget(req.url) } : req;
  };
}

const ROUTE53_ID_SHAPES = new Set(['ResourceId', 'DelegationSetId', 'ChangeId']);

function base64UserData(params: Record<string, unknown>): Record<string, unknown> {
  return params.UserData === undefined ? params : { ...params, UserData: toBase64(toBytes(params.UserData)) };
}
