/**
 * Cross-region copies that carry a presigned request of their own (botocore's inject_presigned_url_ec2
 * and inject_presigned_url_rds): to copy an encrypted snapshot (or start a replica) from another region,
 * EC2, RDS, Neptune and DocumentDB want a URL for the same operation, presigned for the source region,
 * with which the destination region asks the source for the data.
 *
 * As botocore does, the URL is made from the request as serialized: the same form, with
 * `DestinationRegion` (the client's own region) added, sent as a GET to the client's endpoint with the
 * region's name replaced by the source region's, presigned for the source region for an hour. EC2's
 * `SourceRegion` is a member of its own and stays; for the RDS family it only says where the source is
 * and is taken out of the request. A URL the caller gave is kept.
 */
import type { Presigner, Quirk, QuirkRequest } from './quirk-types.js';
import { uriEncode } from './request-url.js';

/** ec2 CopySnapshot: `PresignedUrl` and `DestinationRegion` added; `SourceRegion` is EC2's own member. */
export const ec2CopySnapshotUrl: Quirk = {
  async signed(req, presigner) {
    const form = formPairs(req.body);
    const source = valueOf(form, 'SourceRegion');
    if (!form || valueOf(form, 'PresignedUrl') !== undefined || source === undefined) return req;
    const url = await presignedCopy(req, form, source, presigner);
    return withForm(req, setValue(setValue(form, 'PresignedUrl', url), 'DestinationRegion', presigner.region));
  },
};

/** The RDS family (rds, neptune, docdb): `SourceRegion` taken out, `PreSignedUrl` added. */
export const rdsSourceRegionUrl: Quirk = {
  async signed(req, presigner) {
    const form = formPairs(req.body);
    const source = valueOf(form, 'SourceRegion');
    if (!form || source === undefined) return req;
    const rest = form.filter(([key]) => decode(key) !== 'SourceRegion');
    if (valueOf(rest, 'PreSignedUrl') !== undefined) return withForm(req, rest);
    return withForm(req, setValue(rest, 'PreSignedUrl', await presignedCopy(req, rest, source, presigner)));
  },
};

/** The request's copy for the source region, presigned there (botocore's _get_cross_region_presigned_url). */
function presignedCopy(req: QuirkRequest, form: Pair[], source: string, presigner: Presigner): Promise<string> {
  const copy: QuirkRequest = {
    method: 'GET',
    // botocore replaces the region's name in the endpoint's URL, wherever it appears.
    url: req.url.split(presigner.region).join(source),
    headers: {},
    body: serialize(setValue(form, 'DestinationRegion', presigner.region)),
  };
  return presigner.presign(copy, source);
}

/** A form body's pairs, still encoded, in order; undefined for any other body. */
type Pair = [key: string, value: string];

function formPairs(body: unknown): Pair[] | undefined {
  if (typeof body !== 'string') return undefined;
  return body
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    });
}

function decode(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

function valueOf(form: Pair[] | undefined, key: string): string | undefined {
  const found = form?.find(([k]) => decode(k) === key);
  return found && decode(found[1]);
}

/** `form` with `key` set to `value`: in its place when present (as a Python dict keeps it), else last. */
function setValue(form: Pair[], key: string, value: string): Pair[] {
  const pair: Pair = [uriEncode(key), uriEncode(value)];
  return form.some(([k]) => decode(k) === key) ? form.map((p) => (decode(p[0]) === key ? pair : p)) : [...form, pair];
}

function serialize(form: Pair[]): string {
  return form.map(([k, v]) => `${k}=${v}`).join('&');
}

function withForm(req: QuirkRequest, form: Pair[]): QuirkRequest {
  return { ...req, body: serialize(form) };
}
