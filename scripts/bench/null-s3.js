// A null-sink S3 on 127.0.0.1 for transfer benchmarks (path-style URLs, any bucket): uploads (PutObject and
// multipart) are read and thrown away; `HEAD`/`GET` of a key ending in `-<bytes>` serve that many bytes of a
// fixed pattern (ranges answered with 206); a bucket named `list-<n>` lists n keys, 1,000 per page; other
// listings are empty. Counts what it received, so a benchmark can check the work was really done.
import { createServer } from 'node:http';

const PATTERN = Buffer.alloc(1 << 20, 'isoaws-null-s3 ');
const ETAG = '"9b2cf535f27731c974343645a3985328"';

export async function startNullS3() {
  const stats = { bytesIn: 0, bytesOut: 0, requests: 0 };
  const server = createServer((req, res) => {
    stats.requests++;
    const url = new URL(req.url, 'http://x');
    const [, bucket = '', ...rest] = url.pathname.split('/');
    const key = decodeURIComponent(rest.join('/'));
    const reply = (status, body = '', headers = {}) => {
      res.writeHead(status, {
        'content-type': 'application/xml',
        'content-length': String(Buffer.byteLength(body)),
        'x-amz-request-id': 'NULLS3',
        ...headers,
      });
      res.end(body);
    };
    req.on('data', (chunk) => {
      stats.bytesIn += chunk.length;
    });
    req.on('end', () => {
      const q = url.searchParams;
      if (req.method === 'PUT') return reply(200, '', { etag: ETAG });
      if (req.method === 'POST' && q.has('uploads')) {
        return reply(
          200,
          `<InitiateMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${escapeXml(key)}</Key><UploadId>null-upload</UploadId></InitiateMultipartUploadResult>`,
        );
      }
      if (req.method === 'POST' && q.has('uploadId')) {
        return reply(
          200,
          `<CompleteMultipartUploadResult><Bucket>${bucket}</Bucket><Key>${escapeXml(key)}</Key><ETag>${ETAG}</ETag></CompleteMultipartUploadResult>`,
        );
      }
      if (req.method === 'DELETE') return reply(204);
      if (!key) return listing(bucket, q, reply);
      const size = /-(\d+)$/.exec(key);
      if (!size)
        return reply(404, '<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>');
      const total = Number(size[1]);
      const common = {
        'content-type': 'application/octet-stream',
        etag: ETAG,
        'last-modified': 'Wed, 01 May 2024 12:00:00 GMT',
        'accept-ranges': 'bytes',
      };
      if (req.method === 'HEAD') {
        res.writeHead(200, { ...common, 'content-length': String(total) });
        return res.end();
      }
      const range = /^bytes=(\d+)-(\d+)?$/.exec(req.headers.range ?? '');
      const start = range ? Number(range[1]) : 0;
      const end = range && range[2] !== undefined ? Math.min(total - 1, Number(range[2])) : total - 1;
      res.writeHead(range ? 206 : 200, {
        ...common,
        'content-length': String(end - start + 1),
        ...(range ? { 'content-range': `bytes ${start}-${end}/${total}` } : {}),
      });
      stream(res, end - start + 1, stats);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    stats,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(r);
      }),
  };
}

function stream(res, length, stats) {
  let sent = 0;
  const pump = () => {
    while (sent < length) {
      const n = Math.min(PATTERN.length, length - sent);
      sent += n;
      stats.bytesOut += n;
      if (!res.write(n === PATTERN.length ? PATTERN : PATTERN.subarray(0, n))) return res.once('drain', pump);
    }
    res.end();
  };
  pump();
}

function listing(bucket, q, reply) {
  if (!bucket)
    return reply(
      200,
      '<ListAllMyBucketsResult><Owner><ID>null</ID></Owner><Buckets></Buckets></ListAllMyBucketsResult>',
    );
  const count = Number(/^list-(\d+)$/.exec(bucket)?.[1] ?? 0);
  const after = Number(q.get('continuation-token') ?? 0);
  const page = Math.min(1000, Number(q.get('max-keys') ?? 1000));
  const keys = [];
  for (let i = after; i < Math.min(count, after + page); i++) {
    keys.push(
      `<Contents><Key>objects/${String(i).padStart(6, '0')}.dat</Key><LastModified>2024-05-01T12:00:00.000Z</LastModified><ETag>${ETAG}</ETag><Size>${4096 + i}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    );
  }
  const next = after + page < count ? `<NextContinuationToken>${after + page}</NextContinuationToken>` : '';
  reply(
    200,
    `<ListBucketResult><Name>${bucket}</Name><Prefix>${escapeXml(q.get('prefix') ?? '')}</Prefix><KeyCount>${keys.length}</KeyCount><MaxKeys>${page}</MaxKeys><IsTruncated>${next ? 'true' : 'false'}</IsTruncated>${keys.join('')}${next}</ListBucketResult>`,
  );
}

function escapeXml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
