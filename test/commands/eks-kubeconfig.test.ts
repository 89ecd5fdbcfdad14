/**
 * `eks update-kubeconfig`. Every expected output, file and message below is what the AWS CLI printed or
 * wrote for the same input: AWS CLI 2.9.19 running the eks customization of the CLI's current v2 source
 * (update_kubeconfig.py, kubeconfig.py, ordered_yaml.py; ruamel.yaml 0.17.21), against a local stub
 * answering DescribeCluster with the clusters below, with HOME=/tmp/ekskc/home and the same paths. The v2
 * source differs from stock 2.9.19 only where the module says (`--output json` in the get-token
 * arguments, the newer options, no folding of long lines, a null `clusters`). What could not be run
 * that way is marked as following the source.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import type { HostFs, HttpRequest } from '../../src/core/host.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

const CA =
  'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvakNDQWVhZ0F3SUJBZ0lCQURBTkJna3Foa2lHOXcwQkFRc0ZBREFWTVJNd0VRWURWUVFERXdwcmRXSmwKY201bGRHVnpNQjRYRFRJME1ERXdNakF6TURRd05Wb1hEVE0wTURFeE9UQXpNRFF3TlZvd0ZURVRNQkVHQTFVRQpBeE1LYTNWaVpYSnVaWFJsY3pDQ0FTSXdEUVlKS29aSWh2Y05BUUVCQlFBRGdnRVBBRENDQVFvQ2dnRUJBTUZYCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K';
const arn = (name: string) => `arn:aws:eks:us-east-1:123456789012:cluster/${name}`;

/** DescribeCluster's cluster as the stub gave it. */
function cluster(name: string, status = 'ACTIVE', extra: Record<string, unknown> = {}) {
  return {
    name,
    arn: arn(name),
    createdAt: 1704164645.0,
    version: '1.29',
    endpoint: 'https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com',
    roleArn: 'arn:aws:iam::123456789012:role/eks-cluster',
    certificateAuthority: { data: CA },
    status,
    platformVersion: 'eks.5',
    tags: {},
    ...extra,
  };
}

const CLUSTERS: Record<string, unknown> = {
  demo: cluster('demo'),
  other: cluster('other'),
  creating: cluster('creating', 'CREATING'),
  updating: cluster('updating', 'UPDATING'),
  outpost: cluster('outpost', 'ACTIVE', {
    id: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    outpostConfig: {
      outpostArns: ['arn:aws:outposts:us-east-1:123456789012:outpost/op-1'],
      controlPlaneInstanceType: 'm5.large',
    },
  }),
  nostatus: { name: 'nostatus', arn: arn('nostatus') },
  noca: { name: 'noca', arn: arn('noca'), status: 'ACTIVE' },
};

const ASSUMED = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>ASIAROLE</AccessKeyId><SecretAccessKey>rs</SecretAccessKey><SessionToken>rt</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>`;

/** The stub: DescribeCluster (GET /clusters/NAME) from CLUSTERS, `empty` as `{}`, else not found; STS AssumeRole. */
function respond(req: HttpRequest) {
  if (req.method === 'POST') return reply(200, ASSUMED, { 'content-type': 'text/xml' });
  const name = decodeURIComponent(new URL(req.url).pathname.split('/clusters/')[1] ?? '');
  if (name === 'empty') return reply(200, '{}', { 'content-type': 'application/json' });
  if (CLUSTERS[name])
    return reply(200, JSON.stringify({ cluster: CLUSTERS[name] }), { 'content-type': 'application/json' });
  return reply(404, JSON.stringify({ message: `No cluster found for name: ${name}.` }), {
    'content-type': 'application/json',
    'x-amzn-errortype': 'ResourceNotFoundException:http://internal.amazon.com/coral/com.amazon.eks.model/',
  });
}

type MemoryFs = HostFs & { files: Map<string, { data: Uint8Array; mode: number }> };

interface RunOptions {
  env?: Record<string, string>;
  files?: Record<string, string>;
  cwd?: string;
  /** The Region option's value; null for none. */
  region?: string | null;
  fs?: (fs: MemoryFs) => void;
}

/** Runs `eks update-kubeconfig` in us-east-1 with keys AKID/s, HOME /tmp/ekskc/home, and these files. */
async function run(argv: string[], opts: RunOptions = {}) {
  const host = createMemoryHost(respond, {
    env: { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 's', ...opts.env },
  });
  host.homeDir = '/tmp/ekskc/home';
  host.cwd = opts.cwd;
  const fs = host.fs as MemoryFs;
  for (const [path, text] of Object.entries(opts.files ?? {})) await fs.writeFile(path, text);
  opts.fs?.(fs);
  const region = opts.region === undefined ? 'us-east-1' : opts.region;
  const code = await runCli(['eks', 'update-kubeconfig', ...(region ? ['--region', region] : []), ...argv], host);
  const file = (path: string) => {
    const entry = fs.files.get(path);
    return entry && new TextDecoder().decode(entry.data);
  };
  return { code, out: host.out.join(''), err: host.err.join(''), requests: host.requests, file, fs };
}

const APPENDED = `clusters:
- cluster:
    certificate-authority-data: ${CA}
    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com
  name: arn:aws:eks:us-east-1:123456789012:cluster/demo
users:
- name: arn:aws:eks:us-east-1:123456789012:cluster/demo
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - --region
      - us-east-1
      - eks
      - get-token
      - --cluster-name
      - demo
      - --output
      - json
      command: aws
contexts:
- context:
    cluster: arn:aws:eks:us-east-1:123456789012:cluster/demo
    user: arn:aws:eks:us-east-1:123456789012:cluster/demo
  name: arn:aws:eks:us-east-1:123456789012:cluster/demo
current-context: arn:aws:eks:us-east-1:123456789012:cluster/demo
`;

const FRESH = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${CA}
    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com
  name: arn:aws:eks:us-east-1:123456789012:cluster/demo
contexts:
- context:
    cluster: arn:aws:eks:us-east-1:123456789012:cluster/demo
    user: arn:aws:eks:us-east-1:123456789012:cluster/demo
  name: arn:aws:eks:us-east-1:123456789012:cluster/demo
current-context: arn:aws:eks:us-east-1:123456789012:cluster/demo
kind: Config
preferences: {}
users:
- name: arn:aws:eks:us-east-1:123456789012:cluster/demo
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - --region
      - us-east-1
      - eks
      - get-token
      - --cluster-name
      - demo
      - --output
      - json
      command: aws
`;

const VERBOSE_OUT = `Added new context my-alias to /tmp/ekskc/t/kc3
Entries:

context:
  cluster: arn:aws:eks:us-east-1:123456789012:cluster/demo
  user: arn:aws:eks:us-east-1:123456789012:cluster/demo
name: my-alias

name: arn:aws:eks:us-east-1:123456789012:cluster/demo
user:
  exec:
    apiVersion: client.authentication.k8s.io/v1beta1
    args:
    - --region
    - us-east-1
    - eks
    - get-token
    - --cluster-name
    - demo
    - --output
    - json
    - --role
    - arn:aws:iam::123456789012:role/k8s
    command: aws

cluster:
  certificate-authority-data: ${CA}
  server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com
name: arn:aws:eks:us-east-1:123456789012:cluster/demo

`;

const VERBOSE_FILE = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${CA}
    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com
  name: arn:aws:eks:us-east-1:123456789012:cluster/demo
contexts:
- context:
    cluster: arn:aws:eks:us-east-1:123456789012:cluster/demo
    user: arn:aws:eks:us-east-1:123456789012:cluster/demo
  name: my-alias
current-context: my-alias
kind: Config
preferences: {}
users:
- name: arn:aws:eks:us-east-1:123456789012:cluster/demo
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - --region
      - us-east-1
      - eks
      - get-token
      - --cluster-name
      - demo
      - --output
      - json
      - --role
      - arn:aws:iam::123456789012:role/k8s
      command: aws
`;

const USER_ALIAS = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${CA}
    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com
    proxy-url: http://proxy.example.com:3128
  name: arn:aws:eks:us-east-1:123456789012:cluster/demo
contexts:
- context:
    cluster: arn:aws:eks:us-east-1:123456789012:cluster/demo
    user: dev-user
  name: dev-user
current-context: dev-user
kind: Config
preferences: {}
users:
- name: dev-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - --region
      - us-east-1
      - eks
      - get-token
      - --cluster-name
      - demo
      - --output
      - json
      command: aws
`;

const PROFILE = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${CA}
    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com
  name: arn:aws:eks:us-east-1:123456789012:cluster/demo
contexts:
- context:
    cluster: arn:aws:eks:us-east-1:123456789012:cluster/demo
    user: arn:aws:eks:us-east-1:123456789012:cluster/demo
  name: arn:aws:eks:us-east-1:123456789012:cluster/demo
current-context: arn:aws:eks:us-east-1:123456789012:cluster/demo
kind: Config
preferences: {}
users:
- name: arn:aws:eks:us-east-1:123456789012:cluster/demo
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - --region
      - us-east-1
      - eks
      - get-token
      - --cluster-name
      - demo
      - --output
      - json
      command: aws
      env:
      - name: AWS_PROFILE
        value: dev
`;

const OUTPOST = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${CA}
    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com
  name: arn:aws:eks:us-east-1:123456789012:cluster/outpost
contexts:
- context:
    cluster: arn:aws:eks:us-east-1:123456789012:cluster/outpost
    user: arn:aws:eks:us-east-1:123456789012:cluster/outpost
  name: arn:aws:eks:us-east-1:123456789012:cluster/outpost
current-context: arn:aws:eks:us-east-1:123456789012:cluster/outpost
kind: Config
preferences: {}
users:
- name: arn:aws:eks:us-east-1:123456789012:cluster/outpost
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - --region
      - us-east-1
      - eks
      - get-token
      - --cluster-id
      - a1b2c3d4-5678-90ab-cdef-EXAMPLE11111
      - --output
      - json
      command: aws
`;

const NOCA = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ''
    server: null
  name: arn:aws:eks:us-east-1:123456789012:cluster/noca
contexts:
- context:
    cluster: arn:aws:eks:us-east-1:123456789012:cluster/noca
    user: arn:aws:eks:us-east-1:123456789012:cluster/noca
  name: arn:aws:eks:us-east-1:123456789012:cluster/noca
current-context: arn:aws:eks:us-east-1:123456789012:cluster/noca
kind: Config
preferences: {}
users:
- name: arn:aws:eks:us-east-1:123456789012:cluster/noca
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - --region
      - us-east-1
      - eks
      - get-token
      - --cluster-name
      - noca
      - --output
      - json
      command: aws
`;

const MERGE_IN = `# my clusters
apiVersion: v1
kind: Config
clusters:
- name: kind-kind
  cluster:
    server: "https://127.0.0.1:6443"
    insecure-skip-tls-verify: true
- cluster: {server: 'https://old', certificate-authority-data: OLD}
  name: arn:aws:eks:us-east-1:123456789012:cluster/demo
contexts:
- context: {cluster: kind-kind, user: kind-kind, namespace: "default"}
  name: kind-kind
current-context: kind-kind
preferences: {colors: true}
users:
- name: kind-kind
  user:
    client-certificate-data: abc
    token: "12345"
    extra: [1, 2.5, null, ~, yes, "no", '2024-01-01', 0x1F, 1e3, "a: b", "- x", "#c", " lead", "trail ", "multi
      line", "it's", "say \\"hi\\"", "tab\\there", "\u{FC}n\u{EF}code", "", '@at', "\`bt", "%p", "!bang", "*star", "&amp", "?q", "|pipe", ">gt", "'sq", "[x", "{y", ",c", "null", "true", "1.5", ".inf", "0o17", "1_000", "=", "~"]
`;

const MERGE_FILE = `apiVersion: v1
kind: Config
clusters:
- name: kind-kind
  cluster:
    server: https://127.0.0.1:6443
    insecure-skip-tls-verify: true
- cluster:
    certificate-authority-data: ${CA}
    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com
  name: arn:aws:eks:us-east-1:123456789012:cluster/demo
contexts:
- context:
    cluster: kind-kind
    user: kind-kind
    namespace: default
  name: kind-kind
- context:
    cluster: arn:aws:eks:us-east-1:123456789012:cluster/demo
    user: arn:aws:eks:us-east-1:123456789012:cluster/demo
  name: arn:aws:eks:us-east-1:123456789012:cluster/demo
current-context: arn:aws:eks:us-east-1:123456789012:cluster/demo
preferences:
  colors: true
users:
- name: kind-kind
  user:
    client-certificate-data: abc
    token: '12345'
    extra:
    - 1
    - 2.5
    - null
    - null
    - yes
    - no
    - '2024-01-01'
    - 31
    - 1000.0
    - 'a: b'
    - '- x'
    - '#c'
    - ' lead'
    - 'trail '
    - multi line
    - it's
    - say "hi"
    - "tab\\there"
    - \u{FC}n\u{EF}code
    - ''
    - '@at'
    - '\`bt'
    - '%p'
    - '!bang'
    - '*star'
    - '&amp'
    - ?q
    - '|pipe'
    - '>gt'
    - "'sq"
    - '[x'
    - '{y'
    - ',c'
    - 'null'
    - 'true'
    - '1.5'
    - '.inf'
    - '0o17'
    - '1_000'
    - '='
    - '~'
- name: arn:aws:eks:us-east-1:123456789012:cluster/demo
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - --region
      - us-east-1
      - eks
      - get-token
      - --cluster-name
      - demo
      - --output
      - json
      command: aws
`;

const EDGE_IN = `apiVersion: v1
kind: Config
preferences: {}
x-anchors:
  base: &b {a: 1, b: [x, y]}
  ref: *b
  merged:
    <<: *b
    c: 3
  dup: 1
  dup: 2
  when: 2024-01-02
  whent: 2024-01-02T03:04:05Z
  whenq: "2024-01-02"
  str5: !!str 5
  big: 123456789012345678901234567890
  neg: -17
  octal: 0o17
  lead0: 017
  hex: 0x1F
  flt: 3.0
  flt2: 1.5e-7
  flt3: 123456789.123456789
  inf: -.inf
  nan: .nan
  boolc: True
  nul: Null
  long: "this is a rather long string with many spaces in it that goes well past the eighty column limit of ruamel"
  longq: "it's a rather long string with many spaces in it that goes well past the eighty column limit: of ruamel"
  ml: "line one\\nline two\\n"
  ml2: "line one\\n\\nline three"
  lit: |
    literal one
    literal two
  fold: >
    folded one
    folded two
  cr: "a\\rb"
  nel: "a\\u0085b"
  emoji: "\u{1F600} smile"
  ctl: "bell\\x07"
  bom: "\\ufeffx"
  nbsp: "a\\u00a0b"
  key with spaces: v
  "quoted: key": v
  "": emptykey
  sp: "a  b"
  colon: "a:b"
  colsp: "a :b"
  hash: "a#b"
  hashsp: "a #b"
  dash: "-a"
  dashsp: "- a"
  q: "?"
  qa: "?a"
  cl: ":a"
  dot3: "...x"
  dash3: "---x"
  tilde: "~x"
  pct: "50%"
  excl: "a!b"
  amp: "a&b"
  comma: "a,b"
  brk: "a[b]"
  brace: "a{b}"
  eq: "=="
  lt: "<<"
  minus: "-"
  plus: "+1"
  dotnum: ".5"
  trail: "x\\n"
  bsp: "a\\\\b"
  dq: 'a"b'
  sq: "a'b"
  tab2: "a\\tb"
  spnl: "a \\nb"
  nlsp: "a\\n b"
clusters: []
users: []
contexts: []
current-context: ''
`;

const EDGE_OUT = `apiVersion: v1
kind: Config
preferences: {}
x-anchors:
  base: &id001
    a: 1
    b: &id002
    - x
    - y
  ref: *id001
  merged:
    a: 1
    b: *id002
    c: 3
  dup: 2
  when: 2024-01-02
  whent: 2024-01-02 03:04:05
  whenq: '2024-01-02'
  str5: '5'
  big: 123456789012345678901234567890
  neg: -17
  octal: 15
  lead0: 17
  hex: 31
  flt: 3.0
  flt2: 1.5e-07
  flt3: 123456789.12345679
  inf: -.inf
  nan: .nan
  boolc: true
  nul: null
  long: this is a rather long string with many spaces in it that goes well past the eighty column limit of ruamel
  longq: "it's a rather long string with many spaces in it that goes well past the eighty column limit: of ruamel"
  ml: "line one\\nline two\\n"
  ml2: "line one\\n\\nline three"
  lit: "literal one\\nliteral two\\n"
  fold: "folded one folded two\\n"
  cr: "a\\rb"
  nel: 'a\u{85}    b'
  emoji: \u{1F600} smile
  ctl: "bell\\a"
  bom: "\\uFEFFx"
  nbsp: a\u{A0}b
  key with spaces: v
  'quoted: key': v
  '': emptykey
  sp: a  b
  colon: a:b
  colsp: a :b
  hash: a#b
  hashsp: 'a #b'
  dash: -a
  dashsp: '- a'
  q: '?'
  qa: ?a
  cl: :a
  dot3: '...x'
  dash3: '---x'
  tilde: ~x
  pct: 50%
  excl: a!b
  amp: a&b
  comma: a,b
  brk: a[b]
  brace: a{b}
  eq: ==
  lt: '<<'
  minus: '-'
  plus: '+1'
  dotnum: '.5'
  trail: "x\\n"
  bsp: a\\b
  dq: a"b
  sq: a'b
  tab2: "a\\tb"
  spnl: "a \\nb"
  nlsp: "a\\n b"
${APPENDED}`;

const ANCHORS_IN = `apiVersion: v1
kind: Config
x-shared:
  top: &t
  - &m {a: 1}
  - *m
  - &l [1, 2]
  - *l
  - &e {}
  - *e
  - &el []
  - *el
  - - nested
    - [x, [y]]
  - []
  - {}
  - {k: [], j: {}}
  again: *t
  s: &s scalar
  s2: *s
  1: int key
  2.5: float key
  null: null key
  "multi\\nline": k
  emptyq: ""
  w: "a\\u2028b"
  x: "\u{1F600}"
  y: "\\U0001F600\\t"
  z: "\\x01"
  u: "\u{E9}\\"x"
  nel: "a\\u0085b"
  list:
  - "c\\u0085d"
  - - "e\\u0085f"
  base: &b {p: 1, q: [r]}
  merged:
    <<: *b
    s: 3
  dup: 1
  dup: 2
users:
- name: old
  user: &u {token: abc}
- name: older
  user: *u
`;

const ANCHORS_OUT = `apiVersion: v1
kind: Config
x-shared:
  top: &id005
  - &id001
    a: 1
  - *id001
  - &id002
    - 1
    - 2
  - *id002
  - &id003 {}
  - *id003
  - &id004 []
  - *id004
  - - nested
    - - x
      - - y
  - []
  - {}
  - k: []
    j: {}
  again: *id005
  s: scalar
  s2: scalar
  1: int key
  2.5: float key
  null: null key
  ? "multi\\nline"
  : k
  emptyq: ''
  w: 'a\u{2028}    b'
  x: \u{1F600}
  y: "\\U0001F600\\t"
  z: "\\x01"
  u: \u{E9}"x
  nel: 'a\u{85}    b'
  list:
  - 'c\u{85}    d'
  - - 'e\u{85}      f'
  base:
    p: 1
    q: &id006
    - r
  merged:
    p: 1
    q: *id006
    s: 3
  dup: 2
users:
- name: old
  user: &id007
    token: abc
- name: older
  user: *id007
- name: arn:aws:eks:us-east-1:123456789012:cluster/demo
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - --region
      - us-east-1
      - eks
      - get-token
      - --cluster-name
      - demo
      - --output
      - json
      command: aws
clusters:
- cluster:
    certificate-authority-data: ${CA}
    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com
  name: arn:aws:eks:us-east-1:123456789012:cluster/demo
contexts:
- context:
    cluster: arn:aws:eks:us-east-1:123456789012:cluster/demo
    user: arn:aws:eks:us-east-1:123456789012:cluster/demo
  name: arn:aws:eks:us-east-1:123456789012:cluster/demo
current-context: arn:aws:eks:us-east-1:123456789012:cluster/demo
`;

const DATES_IN = `b: 2024-1-2 3:04:05.9999996+01:00
c: 2024-01-02t03:04:05.5 -02
d: &x 2024-01-02
e: *x
d2: 2024-02-29
d3: 2024-01-02T03:04:05Z
d4: 2024-01-02 03:04:05.25
d5: 2024-1-2 23:59:59.9999999
q: "2024-01-02"
`;

const DATES_OUT = `b: 2024-01-02 02:04:04
c: 2024-01-02 05:04:05.500000
d: &id001 2024-01-02
e: *id001
d2: 2024-02-29
d3: 2024-01-02 03:04:05
d4: 2024-01-02 03:04:05.250000
d5: 2024-01-03 00:00:00
q: '2024-01-02'
${APPENDED}`;

const SCALARS_IN = `n: [1_000, 0b101, 0x_1F, -0o17, 017, +5, 1_0.5, .5, 1e3, 1.5e300, -0.0, 12345678901234567890123]
s: ["1_000", "0b101", "+5", "1e3", "0x1F", "-.inf", ".NaN", "<<", "=", "!", "&", "*", "yes", "on", "2024-01-02", "2024-1-2 3:04:05", "~", "Null", "TRUE", "-", "--", "---", "- ", "a- b", "a -b", "a: b", "a:b", "? ", "?x", "x ?", "#", "a#", "a #", "@x", "a@", "", " ", "caf\u{E9}", "e\u{301}"]
`;

const SCALARS_OUT = `n:
- 1000
- 5
- 31
- -15
- 17
- 5
- 10.5
- 0.5
- 1000.0
- 1.5e+300
- -0.0
- 12345678901234567890123
s:
- '1_000'
- '0b101'
- '+5'
- '1e3'
- '0x1F'
- '-.inf'
- '.NaN'
- '<<'
- '='
- '!'
- '&'
- '*'
- yes
- on
- '2024-01-02'
- '2024-1-2 3:04:05'
- '~'
- 'Null'
- 'TRUE'
- '-'
- --
- '---'
- '- '
- a- b
- a -b
- 'a: b'
- a:b
- '? '
- ?x
- x ?
- '#'
- a#
- 'a #'
- '@x'
- a@
- ''
- ' '
- caf\u{E9}
- e\u{301}
${APPENDED}`;

const P1_OUT = `kind: Config
${APPENDED}`;

const P4_OUT = `clusters:
- cluster:
    certificate-authority-data: ${CA}
    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com
  name: arn:aws:eks:us-east-1:123456789012:cluster/demo
contexts:
- context:
    cluster: arn:aws:eks:us-east-1:123456789012:cluster/demo
    user: arn:aws:eks:us-east-1:123456789012:cluster/demo
  name: arn:aws:eks:us-east-1:123456789012:cluster/demo
users:
- name: arn:aws:eks:us-east-1:123456789012:cluster/demo
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - --region
      - us-east-1
      - eks
      - get-token
      - --cluster-name
      - demo
      - --output
      - json
      command: aws
current-context: arn:aws:eks:us-east-1:123456789012:cluster/demo
`;

const KC_FIRST_NEW = `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${CA}
    server: https://0123456789ABCDEF0123456789ABCDEF.gr7.us-east-1.eks.amazonaws.com
  name: arn:aws:eks:us-east-1:123456789012:cluster/other
contexts:
- context:
    cluster: arn:aws:eks:us-east-1:123456789012:cluster/other
    user: arn:aws:eks:us-east-1:123456789012:cluster/other
  name: arn:aws:eks:us-east-1:123456789012:cluster/other
current-context: arn:aws:eks:us-east-1:123456789012:cluster/other
kind: Config
preferences: {}
users:
- name: arn:aws:eks:us-east-1:123456789012:cluster/other
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      args:
      - --region
      - us-east-1
      - eks
      - get-token
      - --cluster-name
      - other
      - --output
      - json
      command: aws
`;

const DEMO_ADDED = `Added new context ${arn('demo')} to /tmp/ekskc/t/kc\n`;

describe('eks update-kubeconfig: writing the entries', () => {
  it('describes the cluster and writes a new kubeconfig, private, in a new directory', async () => {
    const r = await run(['--name', 'demo', '--kubeconfig', '/tmp/ekskc/t/kc']);
    expect([r.code, r.out, r.err]).toEqual([0, DEMO_ADDED, '']);
    expect(r.file('/tmp/ekskc/t/kc')).toBe(FRESH);
    // The CLI opens a new kubeconfig with mode 0600 and makes its directory with makedirs' default mode.
    expect(r.fs.files.get('/tmp/ekskc/t/kc')!.mode).toBe(0o600);
    expect((await r.fs.stat('/tmp/ekskc/t'))?.isDirectory).toBe(true);
    expect(r.requests.map((q) => `${q.method} ${q.url}`)).toEqual([
      'GET https://eks.us-east-1.amazonaws.com/clusters/demo',
    ]);
  });

  it('says it updated a context already there, rewrites the same bytes and keeps the mode', async () => {
    const r = await run(['--name', 'demo', '--kubeconfig', '/tmp/ekskc/t/kc'], { files: { '/tmp/ekskc/t/kc': FRESH } });
    expect([r.code, r.out, r.err]).toEqual([0, `Updated context ${arn('demo')} in /tmp/ekskc/t/kc\n`, '']);
    expect(r.file('/tmp/ekskc/t/kc')).toBe(FRESH);
    expect(r.fs.files.get('/tmp/ekskc/t/kc')!.mode).toBe(0o644);
  });

  it('prints the merged kubeconfig with --dry-run and writes nothing', async () => {
    const r = await run(['--name', 'demo', '--kubeconfig', '/tmp/ekskc/t/none', '--dry-run']);
    expect([r.code, r.out, r.err]).toEqual([0, FRESH, '']);
    expect(r.file('/tmp/ekskc/t/none')).toBeUndefined();
  });

  it('names the context with --alias, passes --role-arn to get-token as --role, and lists the entries with --verbose', async () => {
    const r = await run([
      '--name',
      'demo',
      '--kubeconfig',
      '/tmp/ekskc/t/kc3',
      '--alias',
      'my-alias',
      '--role-arn',
      'arn:aws:iam::123456789012:role/k8s',
      '--verbose',
    ]);
    expect([r.code, r.out, r.err]).toEqual([0, VERBOSE_OUT, '']);
    expect(r.file('/tmp/ekskc/t/kc3')).toBe(VERBOSE_FILE);
  });

  it('names the user (and so the context) with --user-alias and adds --proxy-url to the cluster', async () => {
    const r = await run([
      '--name',
      'demo',
      '--kubeconfig',
      '/tmp/ekskc/t/kc4',
      '--user-alias',
      'dev-user',
      '--proxy-url',
      'http://proxy.example.com:3128',
      '--dry-run',
    ]);
    expect([r.code, r.out, r.err]).toEqual([0, USER_ALIAS, '']);
  });

  it.each([
    ['AWS_PROFILE', [], { AWS_PROFILE: 'dev' }],
    ['--profile', ['--profile', 'dev'], {}],
  ])('gives get-token the profile named by %s, in AWS_PROFILE', async (_, extra, env) => {
    const r = await run(['--name', 'demo', '--kubeconfig', '/tmp/ekskc/t/kc5', '--dry-run', ...extra], {
      env,
      files: {
        '/tmp/ekskc/home/.aws/config': '[profile dev]\nregion = us-east-1\n',
        '/tmp/ekskc/home/.aws/credentials': '[dev]\naws_access_key_id = AKID\naws_secret_access_key = s\n',
      },
    });
    expect([r.code, r.out, r.err]).toEqual([0, PROFILE, '']);
  });

  it('takes the Region for get-token from the cluster ARN, not from the command', async () => {
    const r = await run(['--name', 'demo', '--kubeconfig', '/tmp/ekskc/t/kc', '--dry-run'], { region: 'eu-west-1' });
    expect([r.code, r.out]).toEqual([0, FRESH]);
    expect(r.requests[0]!.url).toBe('https://eks.eu-west-1.amazonaws.com/clusters/demo');
  });

  it('identifies a local cluster on Outposts by its id', async () => {
    const r = await run(['--name', 'outpost', '--kubeconfig', '/tmp/ekskc/t/x', '--dry-run']);
    expect([r.code, r.out]).toEqual([0, OUTPOST]);
  });

  it('writes an empty certificate and a null server when the cluster has none', async () => {
    const r = await run(['--name', 'noca', '--kubeconfig', '/tmp/ekskc/t/x', '--dry-run']);
    expect([r.code, r.out]).toEqual([0, NOCA]);
  });

  it('takes an UPDATING cluster as an ACTIVE one', async () => {
    const r = await run(['--name', 'updating', '--kubeconfig', '/tmp/ekskc/t/x', '--dry-run']);
    expect([r.code, r.out]).toEqual([0, FRESH.replaceAll('demo', 'updating')]);
  });

  it('describes the cluster as --assume-role-arn, whose STS call ignores --endpoint-url (following the source)', async () => {
    const r = await run([
      '--name',
      'demo',
      '--kubeconfig',
      '/tmp/ekskc/t/x',
      '--dry-run',
      '--assume-role-arn',
      'arn:aws:iam::210987654321:role/describe',
      '--endpoint-url',
      'http://127.0.0.1:1',
    ]);
    expect([r.code, r.out]).toEqual([0, FRESH]);
    const [sts, eks] = r.requests;
    expect(`${sts!.method} ${sts!.url}`).toBe('POST https://sts.us-east-1.amazonaws.com/');
    expect(new TextDecoder().decode(sts!.body as Uint8Array)).toBe(
      'Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A210987654321%3Arole%2Fdescribe&RoleSessionName=EKSDescribeClusterSession',
    );
    expect(sts!.headers.authorization).toContain('Credential=AKID/');
    expect(`${eks!.method} ${eks!.url}`).toBe('GET http://127.0.0.1:1/clusters/demo');
    expect(eks!.headers.authorization).toContain('Credential=ASIAROLE/');
    expect(eks!.headers['x-amz-security-token']).toBe('rt');
  });
});

describe('eks update-kubeconfig: merging into a kubeconfig as ruamel.yaml re-emits it', () => {
  it('replaces the entries of the same name, keeps the others, and drops comments and flow style', async () => {
    const r = await run(['--name', 'demo', '--kubeconfig', '/tmp/ekskc/t/merge'], {
      files: { '/tmp/ekskc/t/merge': MERGE_IN },
    });
    expect([r.code, r.out, r.err]).toEqual([0, `Updated context ${arn('demo')} in /tmp/ekskc/t/merge\n`, '']);
    expect(r.file('/tmp/ekskc/t/merge')).toBe(MERGE_FILE);
  });

  it.each([
    ['scalars of every kind and the quoting each needs', EDGE_IN, EDGE_OUT],
    ['shared objects as anchors and aliases, odd keys, escapes', ANCHORS_IN, ANCHORS_OUT],
    ['timestamps, moved to UTC as ruamel 0.17 builds them', DATES_IN, DATES_OUT],
    ['YAML 1.2 ints, floats and the strings that look like them', SCALARS_IN, SCALARS_OUT],
    [
      'line breaks other than \\n beside spaces (double quotes) and at the edges (single quotes, then the indentation)',
      'v1: "a\\u2028 b"\nv2: "a \\u2028b"\nv3: "\\u2028x"\nv4: "x\\u0085"\n',
      `v1: "a\\L b"\nv2: "a \\Lb"\nv3: '\u2028  x'\nv4: 'x\u0085  '\n${APPENDED}`,
    ],
  ])('writes %s', async (_, input, output) => {
    const r = await run(['--name', 'demo', '--kubeconfig', '/tmp/ekskc/t/in', '--dry-run'], {
      files: { '/tmp/ekskc/t/in': input },
    });
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toBe(output);
  });

  it('flattens merge keys as ruamel does: merged pairs first, an earlier source and then the own keys winning', async () => {
    const input =
      'a: &a {x: 1, y: 2}\nb: &b {y: 3, z: 4}\nc:\n  w: 0\n  <<: [*a, *b]\n  x: 9\ne:\n  <<: {k: v}\n  k: own\n';
    const r = await run(['--name', 'demo', '--kubeconfig', '/tmp/ekskc/t/in', '--dry-run'], {
      files: { '/tmp/ekskc/t/in': input },
    });
    expect([r.code, r.out]).toEqual([
      0,
      `a:\n  x: 1\n  y: 2\nb:\n  y: 3\n  z: 4\nc:\n  y: 2\n  z: 4\n  x: 9\n  w: 0\ne:\n  k: own\n${APPENDED}`,
    ]);
  });

  it.each([
    ['missing lists, added after the keys there are', 'kind: Config\n', P1_OUT],
    [
      'null lists and an empty current-context, kept in place',
      'clusters:\ncontexts: ~\nusers: []\ncurrent-context:\n',
      P4_OUT,
    ],
    ['an empty file, as a new kubeconfig', '', FRESH],
    ['a file of comments only, as a new kubeconfig', '# nothing yet\n---\n', FRESH],
  ])('fills %s', async (_, input, output) => {
    const r = await run(['--name', 'demo', '--kubeconfig', '/tmp/ekskc/t/in', '--dry-run'], {
      files: { '/tmp/ekskc/t/in': input },
    });
    expect([r.code, r.out]).toEqual([0, output]);
  });
});

describe('eks update-kubeconfig: which file', () => {
  const KUBE = {
    '/tmp/ekskc/k/bad': 'x: [\n',
    '/tmp/ekskc/k/a': 'kind: Config\n',
    '/tmp/ekskc/k/b': FRESH,
  };

  it('updates the KUBECONFIG file that has the cluster, passing over one it cannot parse', async () => {
    const r = await run(['--name', 'demo'], {
      env: { KUBECONFIG: '/tmp/ekskc/k/bad:/tmp/ekskc/k/a:/tmp/ekskc/k/b' },
      files: KUBE,
    });
    expect([r.code, r.out, r.err]).toEqual([0, `Updated context ${arn('demo')} in /tmp/ekskc/k/b\n`, '']);
    expect([r.file('/tmp/ekskc/k/a'), r.file('/tmp/ekskc/k/b')]).toEqual(['kind: Config\n', FRESH]);
  });

  it('adds a cluster no file has to the first KUBECONFIG path, skipping empty ones', async () => {
    const r = await run(['--name', 'other'], { env: { KUBECONFIG: '::/tmp/ekskc/k/new:/tmp/ekskc/k/b' }, files: KUBE });
    expect([r.code, r.out]).toEqual([0, `Added new context ${arn('other')} to /tmp/ekskc/k/new\n`]);
    expect(r.file('/tmp/ekskc/k/new')).toBe(KC_FIRST_NEW);
  });

  it('fails on the first KUBECONFIG path when it is the one to write and cannot be parsed', async () => {
    const r = await run(['--name', 'other'], { env: { KUBECONFIG: '/tmp/ekskc/k/bad:/tmp/ekskc/k/b' }, files: KUBE });
    expect(r.code).toBe(255);
    expect(r.err).toMatch(
      /^\nYamlError while loading kubeconfig: [^]+\n {2}in "\/tmp\/ekskc\/k\/bad", line \d+, column \d+\n$/,
    );
  });

  it('uses ~/.kube/config when KUBECONFIG has only blanks', async () => {
    const r = await run(['--name', 'demo'], { env: { KUBECONFIG: ' : ' } });
    expect([r.code, r.out]).toEqual([0, `Added new context ${arn('demo')} to /tmp/ekskc/home/.kube/config\n`]);
    expect(r.file('/tmp/ekskc/home/.kube/config')).toBe(FRESH);
  });

  it.each([
    ['~/kc', '/tmp/ekskc/home/kc'],
    ['k/../k/rel', '/tmp/ekskc/k/rel'],
  ])('expands --kubeconfig %s to %s', async (given, path) => {
    const r = await run(['--name', 'other', '--kubeconfig', given], { cwd: '/tmp/ekskc' });
    expect([r.code, r.out]).toEqual([0, `Added new context ${arn('other')} to ${path}\n`]);
    expect(r.file(path)).toBe(KC_FIRST_NEW);
  });

  it('cannot read a directory (--kubeconfig "" is the working directory)', async () => {
    const r = await run(['--name', 'demo', '--kubeconfig', ''], { cwd: '/tmp/ekskc', files: KUBE });
    expect([r.code, r.err]).toEqual([
      255,
      "\nCan't open kubeconfig for reading: [Errno 21] Is a directory: '/tmp/ekskc'\n",
    ]);
  });

  it('reports file errors with the CLI’s words and Python’s OSError text', async () => {
    const failWith = (code: string) => async () => {
      throw Object.assign(new Error(code), { code });
    };
    const notDir = await run(['--name', 'demo', '--kubeconfig', '/tmp/ekskc/afile/x'], {
      fs: (fs) => (fs.readFile = failWith('ENOTDIR')),
    });
    expect([notDir.code, notDir.err]).toEqual([
      255,
      "\nCan't open kubeconfig for reading: [Errno 20] Not a directory: '/tmp/ekskc/afile/x'\n",
    ]);
    const noDir = await run(['--name', 'demo', '--kubeconfig', '/proc/newdir/x'], {
      fs: (fs) => (fs.mkdir = failWith('ENOENT')),
    });
    expect([noDir.code, noDir.err]).toEqual([
      255,
      "\nCan't create directory for writing: [Errno 2] No such file or directory: '/proc/newdir'\n",
    ]);
    const noWrite = await run(['--name', 'demo', '--kubeconfig', '/proc/x'], {
      fs: (fs) => (fs.writeFile = failWith('ENOENT')),
    });
    expect([noWrite.code, noWrite.err]).toEqual([
      255,
      "\nCan't open kubeconfig for writing: [Errno 2] No such file or directory: '/proc/x'\n",
    ]);
  });
});

describe('eks update-kubeconfig: refusing', () => {
  it.each([
    ['creating', 255, '\nCluster status is CREATING\n'],
    ['nostatus', 255, '\nCluster not found\n'],
    ['empty', 255, '\nCluster not found\n'],
    [
      'missing',
      254,
      '\nAn error occurred (ResourceNotFoundException) when calling the DescribeCluster operation: No cluster found for name: missing.\n',
    ],
  ])('a cluster %s, writing nothing', async (name, code, err) => {
    const r = await run(['--name', name, '--kubeconfig', '/tmp/ekskc/t/x']);
    expect([r.code, r.out, r.err]).toEqual([code, '', err]);
    expect(r.file('/tmp/ekskc/t/x')).toBeUndefined();
  });

  it.each([
    ['a list', '- a\n- b\n', "Content not a <class 'dict'>."],
    ['a string', 'hello\n', "Content not a <class 'dict'>."],
    [
      'clusters as a mapping',
      'clusters: {a: 1}\n',
      "clusters is wrong type: <class 'collections.OrderedDict'> (Should be <class 'list'>)",
    ],
    ['a user that is a string', 'users:\n- a\n', "Entry in users not a <class 'dict'>. "],
    [
      'an int current-context',
      'current-context: 5\n',
      "current-context is wrong type: <class 'int'> (Should be <class 'str'>)",
    ],
    [
      'preferences as a list',
      'preferences: []\n',
      "preferences is wrong type: <class 'list'> (Should be <class 'collections.OrderedDict'>)",
    ],
    ['an impossible date', 'a: 2024-13-01\n', 'month must be in 1..12'],
    ['February 29th of 2023', 'a: 2023-02-29\n', 'day is out of range for month'],
    ['a list as a key', '? [a]\n: x\n', "unhashable type: 'list'"],
  ])('a kubeconfig holding %s', async (_, input, message) => {
    const r = await run(['--name', 'demo', '--kubeconfig', '/tmp/ekskc/t/in'], { files: { '/tmp/ekskc/t/in': input } });
    expect([r.code, r.out, r.err]).toEqual([255, '', `\n${message}\n`]);
    expect(r.file('/tmp/ekskc/t/in')).toBe(input);
  });

  it.each([
    [
      'an unknown tag',
      'a: !foo x\n',
      'could not determine a constructor for the tag \'!foo\'\n  in "/tmp/ekskc/t/in", line 1, column 4',
    ],
    [
      'two documents',
      'a: 1\n---\nb: 2\n',
      'expected a single document in the stream\n  in "/tmp/ekskc/t/in", line 1, column 1\nbut found another document\n  in "/tmp/ekskc/t/in", line 2, column 1',
    ],
    [
      'a merge of a scalar',
      'd:\n  <<: 5\n',
      'while constructing a mapping\n  in "/tmp/ekskc/t/in", line 2, column 3\nexpected a mapping or list of mappings for merging, but found scalar\n  in "/tmp/ekskc/t/in", line 2, column 7',
    ],
  ])('a kubeconfig ruamel cannot load: %s', async (_, input, message) => {
    const r = await run(['--name', 'demo', '--kubeconfig', '/tmp/ekskc/t/in'], { files: { '/tmp/ekskc/t/in': input } });
    expect([r.code, r.out, r.err]).toEqual([255, '', `\nYamlError while loading kubeconfig: ${message}\n`]);
  });

  // For a syntax error the CLI gives ruamel's parser's account (`while parsing a flow node` …); isoaws gives
  // the yaml package's account of the same fault, in the same frame.
  it.each([
    ['an unclosed flow sequence', 'apiVersion: v1\nclusters: [\n'],
    ['a mapping inside a plain value', 'a: b\n  c: d\n'],
  ])('a kubeconfig that is not YAML: %s', async (_, input) => {
    const r = await run(['--name', 'demo', '--kubeconfig', '/tmp/ekskc/t/in'], { files: { '/tmp/ekskc/t/in': input } });
    expect([r.code, r.out]).toEqual([255, '']);
    expect(r.err).toMatch(
      /^\nYamlError while loading kubeconfig: [^]+\n {2}in "\/tmp\/ekskc\/t\/in", line \d+, column \d+\n$/,
    );
  });

  it('wants --name and no unknown options (exit 252)', async () => {
    const none = await run(['--kubeconfig', '/tmp/ekskc/t/x']);
    expect(none.code).toBe(252);
    expect(none.err).toContain('\naws: error: the following arguments are required: --name\n');
    const unknown = await run(['--name', 'demo', '--foo', 'bar']);
    expect([unknown.code, unknown.err]).toEqual([252, '\nUnknown options: --foo,bar\n']);
    expect([...none.requests, ...unknown.requests]).toEqual([]);
  });

  it('wants a Region (exit 253)', async () => {
    const r = await run(['--name', 'demo', '--kubeconfig', '/tmp/ekskc/t/x'], { region: null });
    expect([r.code, r.err]).toEqual([
      253,
      '\nYou must specify a region. You can also configure your region by running "aws configure".\n',
    ]);
  });
});
