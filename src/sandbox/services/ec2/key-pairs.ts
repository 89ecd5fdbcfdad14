/**
 * Key pairs. CreateKeyPair makes a real RSA or ED25519 key with WebCrypto and hands out its private half as
 * EC2 does (RSA as PKCS#1 PEM, ED25519 in OpenSSH's own format); ImportKeyPair takes an OpenSSH public key.
 * The fingerprints are EC2's: for an RSA key it made, the SHA-1 of the private key's PKCS#8 DER; for an
 * imported RSA key, the MD5 of the public key's SubjectPublicKeyInfo DER; for any ED25519 key, the base64
 * SHA-256 of the OpenSSH key blob.
 */
import { md5 } from '../../../core/checksums/md5.js';
import { fromBase64, toBase64, utf8Decode, utf8Encode } from '../../../core/protocols/shared.js';
import { SandboxError, type Handler, type SandboxCall } from '../../service.js';
import {
  applyFilters,
  invalidParameter,
  newId,
  readFilters,
  requiredStr,
  setTags,
  specifiedTags,
  str,
  strList,
  tagsOf,
  withState,
  type Ec2State,
  type FilterTable,
  type KeyPairRecord,
  type Scope,
} from './common.js';

function colonHex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

async function digest(algorithm: 'SHA-1' | 'SHA-256', data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest(algorithm, new Uint8Array(data)));
}

function base64url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array {
  return fromBase64(text.replace(/-/g, '+').replace(/_/g, '/'));
}

// DER, as far as unwrapping PKCS#8 needs it.

/** The tag, content and end of the DER element at `at`. */
function derElement(der: Uint8Array, at: number): { tag: number; start: number; end: number } {
  const tag = der[at]!;
  let length = der[at + 1]!;
  let start = at + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + der[start + i]!;
    start += octets;
  }
  return { tag, start, end: start + length };
}

/** PKCS#8 `PrivateKeyInfo { version, algorithm, privateKey OCTET STRING }` → the PKCS#1 key inside. */
function pkcs8ToPkcs1(pkcs8: Uint8Array): Uint8Array {
  const outer = derElement(pkcs8, 0);
  const version = derElement(pkcs8, outer.start);
  const algorithm = derElement(pkcs8, version.end);
  const key = derElement(pkcs8, algorithm.end);
  if (key.tag !== 0x04) throw new Error('Unexpected PKCS#8 layout');
  return pkcs8.subarray(key.start, key.end);
}

/** PEM armour; OpenSSH's own private key files wrap at 70 columns rather than 64. */
function pem(label: string, der: Uint8Array, width = 64): string {
  const lines = toBase64(der).match(new RegExp(`.{1,${width}}`, 'g')) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----`;
}

// The OpenSSH wire format: length-prefixed strings.

function sshString(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + bytes.length);
  new DataView(out.buffer).setUint32(0, bytes.length);
  out.set(bytes, 4);
  return out;
}

/** An unsigned big-endian integer as an SSH mpint: a leading zero when its top bit is set. */
function mpint(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const trimmed = bytes.subarray(i);
  return sshString(trimmed[0]! & 0x80 ? Uint8Array.of(0, ...trimmed) : trimmed);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function readSshStrings(blob: Uint8Array): Uint8Array[] {
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const out: Uint8Array[] = [];
  for (let at = 0; at < blob.length;) {
    if (at + 4 > blob.length) throw new Error('truncated');
    const length = view.getUint32(at);
    if (at + 4 + length > blob.length) throw new Error('truncated');
    out.push(blob.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  return out;
}

const RSA_IMPORT = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

interface NewKey {
  type: string;
  fingerprint: string;
  publicKey: string;
  material?: string;
}

/** A fresh RSA 2048 key, as CreateKeyPair makes it. */
async function createRsaKey(name: string): Promise<NewKey> {
  const pair = await crypto.subtle.generateKey(
    { ...RSA_IMPORT, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) },
    true,
    ['sign', 'verify'],
  );
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  const blob = concat([
    sshString(utf8Encode('ssh-rsa')),
    mpint(fromBase64url(jwk.e ?? '')),
    mpint(fromBase64url(jwk.n ?? '')),
  ]);
  return {
    type: 'rsa',
    fingerprint: colonHex(await digest('SHA-1', pkcs8)),
    publicKey: `ssh-rsa ${toBase64(blob)} ${name}`,
    material: pem('RSA PRIVATE KEY', pkcs8ToPkcs1(pkcs8)),
  };
}

function uint32(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n);
  return out;
}

/**
 * A fresh ED25519 key, as CreateKeyPair makes it: the private half in OpenSSH's `openssh-key-v1` format
 * (unencrypted), which is how EC2 hands out ED25519 keys and the only form `ssh` reads them in.
 */
async function createEd25519Key(call: SandboxCall, name: string): Promise<NewKey> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const publicBytes = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  // PKCS#8 for Ed25519 is a fixed 16-byte header followed by the 32-byte seed.
  const seed = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey)).subarray(16);
  const kind = utf8Encode('ssh-ed25519');
  const blob = concat([sshString(kind), sshString(publicBytes)]);
  // The two equal check integers let a reader tell a wrong passphrase; any value will do.
  const check = Math.floor(call.random() * 0x1_0000_0000);
  const body = [
    uint32(check),
    uint32(check),
    sshString(kind),
    sshString(publicBytes),
    sshString(concat([seed, publicBytes])),
    sshString(utf8Encode(name)),
  ];
  const length = body.reduce((n, p) => n + p.length, 0);
  // Padded with 1, 2, 3… to the cipher's block size, 8 for "none".
  const padding = Uint8Array.from({ length: (8 - (length % 8)) % 8 }, (_, i) => i + 1);
  const file = concat([
    utf8Encode('openssh-key-v1\0'),
    sshString(utf8Encode('none')),
    sshString(utf8Encode('none')),
    sshString(new Uint8Array(0)),
    uint32(1),
    sshString(blob),
    sshString(concat([...body, padding])),
  ]);
  return {
    type: 'ed25519',
    fingerprint: toBase64(await digest('SHA-256', blob)),
    publicKey: `ssh-ed25519 ${toBase64(blob)} ${name}`,
    material: pem('OPENSSH PRIVATE KEY', file, 70),
  };
}

function invalidKeyFormat(): SandboxError {
  return new SandboxError('InvalidKey.Format', 'Key is not in valid OpenSSH public key format', 400);
}

/** Reads an OpenSSH public key line (`ssh-rsa AAAA… comment`) and works out EC2's fingerprint of it. */
async function importPublicKey(material: Uint8Array): Promise<NewKey> {
  const words = utf8Decode(material).trim().split(/\s+/);
  const [kind = '', encoded = ''] = words;
  let parts: Uint8Array[];
  let blob: Uint8Array;
  try {
    blob = fromBase64(encoded);
    parts = readSshStrings(blob);
  } catch {
    throw invalidKeyFormat();
  }
  if (!parts.length || utf8Decode(parts[0]!) !== kind) throw invalidKeyFormat();
  const publicKey = `${kind} ${encoded}`;
  if (kind === 'ssh-ed25519' && parts.length === 2 && parts[1]!.length === 32) {
    return { type: 'ed25519', fingerprint: toBase64(await digest('SHA-256', blob)), publicKey };
  }
  if (kind !== 'ssh-rsa' || parts.length !== 3) throw invalidKeyFormat();
  const [, exponent, modulus] = parts as [Uint8Array, Uint8Array, Uint8Array];
  const unsigned = (b: Uint8Array) => b.subarray(b[0] === 0 ? 1 : 0);
  if (unsigned(modulus).length * 8 < 1024) throw invalidParameter('The key length must be at least 1024 bits.');
  let spki: Uint8Array;
  try {
    const key = await crypto.subtle.importKey(
      'jwk',
      { kty: 'RSA', e: base64url(unsigned(exponent)), n: base64url(unsigned(modulus)), ext: true },
      RSA_IMPORT,
      true,
      ['verify'],
    );
    spki = new Uint8Array(await crypto.subtle.exportKey('spki', key));
  } catch {
    throw invalidKeyFormat();
  }
  return { type: 'rsa', fingerprint: colonHex(md5(spki)), publicKey };
}

function findByName(state: Ec2State, name: string): KeyPairRecord | undefined {
  return Object.values(state.keyPairs).find((k) => k.name === name);
}

export function keyPairNotFound(name: string): SandboxError {
  return new SandboxError('InvalidKeyPair.NotFound', `The key pair '${name}' does not exist`, 400);
}

export function hasKeyPair(state: Ec2State, name: string): boolean {
  return findByName(state, name) !== undefined;
}

function checkName(name: string): void {
  if (name.length > 255 || !/^[\x20-\x7e]+$/.test(name)) {
    throw invalidParameter(
      `Value (${name}) for parameter keyName is invalid. Key names must be 1–255 ASCII characters.`,
    );
  }
}

function addKeyPair(scope: Scope, name: string, key: NewKey, resourceTags: ReturnType<typeof specifiedTags>) {
  const record: KeyPairRecord = {
    id: newId(scope.call, 'key'),
    name,
    type: key.type,
    fingerprint: key.fingerprint,
    publicKey: key.publicKey,
    created: scope.call.now.toISOString(),
  };
  scope.state.keyPairs[record.id] = record;
  setTags(scope.state, record.id, resourceTags);
  return record;
}

function checkUnused(scope: Scope, name: string): void {
  if (findByName(scope.state, name)) {
    throw new SandboxError('InvalidKeyPair.Duplicate', `The keypair '${name}' already exists.`, 400);
  }
}

const createKeyPair: Handler = async (call) => {
  const name = requiredStr(call, 'KeyName');
  checkName(name);
  const type = str(call, 'KeyType') ?? 'rsa';
  const format = str(call, 'KeyFormat') ?? 'pem';
  if (type !== 'rsa' && type !== 'ed25519')
    throw invalidParameter(`Value (${type}) for parameter KeyType is invalid. Valid values are: rsa, ed25519.`);
  if (format !== 'pem') throw invalidParameter(`The sandbox writes key material only as pem, not ${format}.`);
  const tags = specifiedTags(call, 'key-pair');
  // The key is made before taking the state: generating it is the slow part.
  const key = type === 'ed25519' ? await createEd25519Key(call, name) : await createRsaKey(name);
  return withState(call, (scope) => {
    checkUnused(scope, name);
    const record = addKeyPair(scope, name, key, tags);
    return {
      KeyPairId: record.id,
      KeyName: name,
      KeyFingerprint: record.fingerprint,
      KeyMaterial: key.material,
      Tags: tagsOf(scope.state, record.id),
    };
  });
};

const importKeyPair: Handler = async (call) => {
  const name = requiredStr(call, 'KeyName');
  checkName(name);
  const material = call.input.PublicKeyMaterial;
  if (!(material instanceof Uint8Array) && typeof material !== 'string') throw invalidKeyFormat();
  const key = await importPublicKey(typeof material === 'string' ? utf8Encode(material) : material);
  const tags = specifiedTags(call, 'key-pair');
  return withState(call, (scope) => {
    checkUnused(scope, name);
    const record = addKeyPair(scope, name, key, tags);
    return {
      KeyFingerprint: record.fingerprint,
      KeyName: name,
      KeyPairId: record.id,
      Tags: tagsOf(scope.state, record.id),
    };
  });
};

const KEY_FILTERS: FilterTable<KeyPairRecord> = {
  'key-name': (k) => k.name,
  'key-pair-id': (k) => k.id,
  fingerprint: (k) => k.fingerprint,
  'key-type': (k) => k.type,
};

const describeKeyPairs: Handler = (call) =>
  withState(call, (scope) => {
    let keys = Object.values(scope.state.keyPairs);
    const names = strList(call, 'KeyNames');
    const ids = strList(call, 'KeyPairIds');
    for (const name of names) if (!findByName(scope.state, name)) throw keyPairNotFound(name);
    for (const id of ids) {
      if (!Object.hasOwn(scope.state.keyPairs, id)) {
        throw new SandboxError('InvalidKeyPair.NotFound', `The key pair ID '${id}' does not exist`, 400);
      }
    }
    if (names.length || ids.length) keys = keys.filter((k) => names.includes(k.name) || ids.includes(k.id));
    const found = applyFilters(keys, readFilters(call), KEY_FILTERS, (k) => tagsOf(scope.state, k.id));
    const withPublic = call.input.IncludePublicKey === true;
    return {
      KeyPairs: found.map((k) => ({
        KeyPairId: k.id,
        KeyType: k.type,
        Tags: tagsOf(scope.state, k.id),
        PublicKey: withPublic ? k.publicKey : undefined,
        CreateTime: new Date(k.created),
        KeyName: k.name,
        KeyFingerprint: k.fingerprint,
      })),
    };
  });

/** Deletes by name or id; a key that is not there is no error (EC2 answers success all the same). */
const deleteKeyPair: Handler = (call) =>
  withState(call, (scope) => {
    const name = str(call, 'KeyName');
    const id = str(call, 'KeyPairId');
    if (name === undefined && id === undefined) throw invalidParameter('Either KeyName or KeyPairId must be given.');
    const byId = id !== undefined && Object.hasOwn(scope.state.keyPairs, id) ? scope.state.keyPairs[id] : undefined;
    const record = id !== undefined ? byId : findByName(scope.state, name!);
    if (record) {
      delete scope.state.keyPairs[record.id];
      delete scope.state.tags[record.id];
    }
    return { Return: true, KeyPairId: record?.id };
  });

export const keyPairHandlers = {
  CreateKeyPair: createKeyPair,
  ImportKeyPair: importKeyPair,
  DescribeKeyPairs: describeKeyPairs,
  DeleteKeyPair: deleteKeyPair,
};
