/**
 * RSA PKCS#1 v1.5 decryption against OpenSSL: fixed vectors made with `openssl pkeyutl -encrypt -pkeyopt
 * rsa_padding_mode:pkcs1`, and round trips with keys and ciphertexts from Node's OpenSSL (which still
 * encrypts with this padding, though it no longer decrypts). Raw RSA (no padding) builds the malformed
 * paddings the decryption must refuse. Verification (SHA256withRSA, DER RSAPublicKey) against signatures
 * made by Node's OpenSSL.
 */
import {
  constants,
  createHash,
  generateKeyPairSync,
  publicEncrypt,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  modPow,
  readRsaPrivateKeyPem,
  readRsaPublicKeyDer,
  rsaDecryptPkcs1v15,
  RsaDecryptError,
  RsaKeyError,
  rsaVerifyPkcs1v15,
  SHA256_DIGEST_INFO,
  type RsaPrivateKey,
} from './rsa-pkcs1.js';

/** `openssl genrsa -traditional 512`. */
const KEY_A = `-----BEGIN RSA PRIVATE KEY-----
MIIBOwIBAAJBAKc2/BfBaVaT6bClS49NKh4s6x8fonPz3wulvTq1e0gRXweT5IP4
+6R0WPpQQycERO3XxVRFmYQSV/duovBRbfUCAwEAAQJAZocYW5iD9koLZ/xyMBOo
V4hDQnorKd3GTWX6eRz90lmWEwnUuUQxZvk3uiLtBf3GqkshQ+1kv4+xgv6M/G9Y
oQIhAN19CqQtkRyuSn4BHGb8sOlHzGQY/4iLy15AeLorj3GfAiEAwUUFDFU6Sm2C
FcQudoi/OPDMq2R2YJjxf9bDP+aSP+sCIQCMzdQ5ARrST97dcdlbg2L4OoOuUtII
PU7BEV1uhQjA4wIgASNo7jOqTjnq5DntlCEmDy3L5s6Gq/b6pSgcqkmvXtUCIQDU
u8alGhOro4gYhKILMryZvYvQRjI6gUjNpXlYZW6NLw==
-----END RSA PRIVATE KEY-----
`;
/** Another, for the wrong key. */
const KEY_B = `-----BEGIN RSA PRIVATE KEY-----
MIIBOgIBAAJBAMFW/p78IY9is91LnIQUOSfsIRaocjCcFH2c6BpJy3bsKoI5WEIz
r8x+BM0grOCIbIhF0VkQRWqyZAy2UtuyhEMCAwEAAQJAU910nWoo9JWQB9Iglnpf
QJ4AzF9NCSDrEoHZfG2+QFr4BybUMCNbQcb+wmxxORxOXJZOQsqxdKz563pFTJsC
YQIhAOYayxVK3o4gF4IZO4iwmGesyktW13dgoMF+Fl8Z6Bc9AiEA1xkGDy1wnvGT
fuhidgM40mJWpgV0hm+EhJ6nAVjSwX8CIQCJBAtJcntzRci5vyykCAO4ODt9AQjs
HK2ciefoWRTKQQIgYbDuzJPhs36ac6gNl/Wsp/iby/lsS+Z4NFduGDGEPvcCIAkj
xsibiYVSvdY0Rz7UGVMo/JvIlq2GYQ6q9m/hrRSx
-----END RSA PRIVATE KEY-----
`;
/** `correct horse`, encrypted to KEY_A by OpenSSL. */
const CIPHERTEXT_A = base64('M0O+mQq+mHbB3lkR6lb8IeFvVRFjifxQCKTOILrvnX+uz7yKByBoI+nM7jehj32o2arMtgFoTANYle3MBGxIYA==');

function base64(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'base64'));
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function keyPair(bits: number, type: 'rsa' | 'rsa-pss' = 'rsa') {
  return generateKeyPairSync(type as 'rsa', { modulusLength: bits });
}

function encrypt(publicKey: KeyObject, message: Uint8Array): Uint8Array {
  return Uint8Array.from(publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, message));
}

/** Raw RSA of `em` (already padded however the test wants). */
function rawEncrypt(publicKey: KeyObject, em: Uint8Array): Uint8Array {
  return Uint8Array.from(publicEncrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, em));
}

/** An encryption block: 0x00 0x02, `psLength` non-zero bytes, 0x00, the message. */
function block(k: number, message: Uint8Array, psLength = k - 3 - message.length): Uint8Array {
  const em = new Uint8Array(k);
  em[1] = 0x02;
  for (let i = 0; i < psLength; i++) em[2 + i] = 1 + (i % 255);
  em.set(message, 3 + psLength);
  return em;
}

describe('readRsaPrivateKeyPem + rsaDecryptPkcs1v15', () => {
  it('decrypts what OpenSSL encrypted', () => {
    expect(text(rsaDecryptPkcs1v15(readRsaPrivateKeyPem(KEY_A), CIPHERTEXT_A))).toBe('correct horse');
  });

  it('reads PEM bytes as well as text', () => {
    const key = readRsaPrivateKeyPem(new TextEncoder().encode(KEY_A));
    expect(text(rsaDecryptPkcs1v15(key, CIPHERTEXT_A))).toBe('correct horse');
  });

  it('refuses the wrong key: the padding does not come out', () => {
    expect(() => rsaDecryptPkcs1v15(readRsaPrivateKeyPem(KEY_B), CIPHERTEXT_A)).toThrow(RsaDecryptError);
  });

  it.each([512, 777, 1001, 1024, 2048])(
    'round-trips a %i-bit key, PKCS#1 and PKCS#8, at every message length that fits',
    (bits) => {
      const { publicKey, privateKey } = keyPair(bits);
      const k = Math.ceil(bits / 8);
      for (const type of ['pkcs1', 'pkcs8'] as const) {
        const key = readRsaPrivateKeyPem(privateKey.export({ type, format: 'pem' }) as string);
        expect(key.byteLength).toBe(k);
        expect(key.crt).toBeDefined();
        for (const length of [0, 1, 2, 17, k - 12, k - 11]) {
          const message = Uint8Array.from(randomBytes(length));
          if (length > 1) message[0] = 0; // zero bytes in the message are the message's, not padding
          expect(rsaDecryptPkcs1v15(key, encrypt(publicKey, message))).toEqual(message);
        }
      }
    },
  );

  it('gives the same answer without the CRT values (the private exponent alone)', () => {
    const { publicKey, privateKey } = keyPair(768);
    const key = readRsaPrivateKeyPem(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string);
    const { crt: _crt, ...plain } = key;
    const message = new TextEncoder().encode('Pa$$w0rd');
    expect(rsaDecryptPkcs1v15(plain, encrypt(publicKey, message))).toEqual(message);
  });

  it('refuses a key whose numbers do not belong together', () => {
    const { publicKey, privateKey } = keyPair(768);
    const key = readRsaPrivateKeyPem(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string);
    const broken: RsaPrivateKey = { ...key, crt: undefined, privateExponent: key.privateExponent + 2n };
    expect(() => rsaDecryptPkcs1v15(broken, encrypt(publicKey, Uint8Array.of(1, 2, 3)))).toThrow(
      'the private key is inconsistent with its public half',
    );
  });

  describe('the padding (RFC 8017 §7.2.2 step 3)', () => {
    const { publicKey, privateKey } = keyPair(1024);
    const key = readRsaPrivateKeyPem(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string);
    const k = key.byteLength;
    const message = new TextEncoder().encode('secret');

    it('accepts exactly eight padding bytes, and an empty message', () => {
      expect(rsaDecryptPkcs1v15(key, rawEncrypt(publicKey, block(k, message, 8)))).toEqual(
        block(k, message, 8).slice(11),
      );
      expect(rsaDecryptPkcs1v15(key, rawEncrypt(publicKey, block(k, new Uint8Array())))).toEqual(new Uint8Array());
    });

    it('refuses fewer than eight padding bytes', () => {
      const em = block(k, message);
      em[2 + 7] = 0; // the separator comes after seven bytes of padding
      expect(() => rsaDecryptPkcs1v15(key, rawEncrypt(publicKey, em))).toThrow(RsaDecryptError);
    });

    it('refuses a block with no separator', () => {
      const em = block(k, new Uint8Array());
      em[k - 1] = 7;
      expect(() => rsaDecryptPkcs1v15(key, rawEncrypt(publicKey, em))).toThrow(RsaDecryptError);
    });

    it('refuses a block type other than 2 (1 is signature padding)', () => {
      const em = block(k, message);
      em[1] = 0x01;
      expect(() => rsaDecryptPkcs1v15(key, rawEncrypt(publicKey, em))).toThrow(RsaDecryptError);
    });

    it('refuses a ciphertext that is not exactly the modulus long, or not below it', () => {
      const ciphertext = encrypt(publicKey, message);
      expect(() => rsaDecryptPkcs1v15(key, ciphertext.subarray(1))).toThrow('not 128');
      expect(() => rsaDecryptPkcs1v15(key, Uint8Array.of(0, ...ciphertext))).toThrow('not 128');
      expect(() => rsaDecryptPkcs1v15(key, new Uint8Array(k).fill(0xff))).toThrow('larger than the modulus');
    });
  });
});

describe('readRsaPrivateKeyPem: which PEM it takes', () => {
  const decryptsA = (pem: string) =>
    expect(text(rsaDecryptPkcs1v15(readRsaPrivateKeyPem(pem), CIPHERTEXT_A))).toBe('correct horse');

  it('skips text and other blocks before the key, as OpenSSL does', () => {
    decryptsA(`my key pair\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n${KEY_A}`);
  });

  it('reads CRLF line ends and unwrapped base64', () => {
    decryptsA(KEY_A.replace(/\n/g, '\r\n'));
    const [begin, ...rest] = KEY_A.trim().split('\n');
    const end = rest.pop()!;
    decryptsA(`${begin}\n${rest.join('')}\n${end}\n`);
  });

  it('refuses a passphrase-protected key, in either format', () => {
    const { privateKey } = keyPair(512);
    for (const type of ['pkcs1', 'pkcs8'] as const) {
      const pem = privateKey.export({ type, format: 'pem', cipher: 'aes-128-cbc', passphrase: 'x' }) as string;
      expect(() => readRsaPrivateKeyPem(pem)).toThrow('the RSA private key is encrypted');
    }
  });

  it('refuses keys that cannot decrypt: EC, Ed25519, RSA-PSS', () => {
    const others = [
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
      generateKeyPairSync('ed25519').privateKey,
      keyPair(1024, 'rsa-pss').privateKey,
    ];
    for (const privateKey of others) {
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
      expect(() => readRsaPrivateKeyPem(pem)).toThrow('not an RSA encryption key');
    }
  });

  it('refuses what holds no private key', () => {
    const { publicKey } = keyPair(512);
    for (const pem of ['', 'not a key', publicKey.export({ type: 'spki', format: 'pem' }) as string])
      expect(() => readRsaPrivateKeyPem(pem)).toThrow('no RSA private key');
  });

  it('refuses damaged key data with a RsaKeyError, never anything else', () => {
    const body = KEY_A.split('\n').slice(1, -2).join('');
    const der = base64(body);
    const wrap = (bytes: Uint8Array) =>
      `-----BEGIN RSA PRIVATE KEY-----\n${Buffer.from(bytes).toString('base64')}\n-----END RSA PRIVATE KEY-----\n`;
    expect(() => readRsaPrivateKeyPem(KEY_A.replace(body.slice(0, 8), '!!!!!!!!'))).toThrow(RsaKeyError);
    for (let cut = 0; cut < der.length; cut += 7)
      expect(() => readRsaPrivateKeyPem(wrap(der.subarray(0, cut)))).toThrow(RsaKeyError);
    const negative = der.slice();
    negative[9] = 0x80; // the modulus' first byte: a negative integer
    expect(() => readRsaPrivateKeyPem(wrap(negative))).toThrow('negative integer');
    const version = der.slice();
    version[6] = 5;
    expect(() => readRsaPrivateKeyPem(wrap(version))).toThrow('unknown RSAPrivateKey version 5');
  });
});

describe('modPow', () => {
  it('agrees with repeated multiplication', () => {
    for (const [b, e, m] of [
      [4n, 13n, 497n],
      [0n, 0n, 7n],
      [5n, 0n, 1n],
      [123456789n, 65537n, 1000000007n],
      [2n, 1n, 3n],
    ] as const) {
      let expected = 1n % m;
      for (let i = 0n; i < e; i++) expected = (expected * b) % m;
      expect(modPow(b, e, m)).toBe(expected);
    }
  });
});

describe('readRsaPublicKeyDer + rsaVerifyPkcs1v15 (SHA-256)', () => {
  const sha256DigestInfo = (message: Buffer) =>
    Uint8Array.from(Buffer.concat([SHA256_DIGEST_INFO, createHash('sha256').update(message).digest()]));
  const message = Buffer.from('2015-08-17T15:01:31Z\nbucket/key\nhash\nnull');

  it.each([1024, 1025, 2048])('verifies what OpenSSL signed with a %i-bit key, and nothing else', (bits) => {
    const { privateKey, publicKey } = keyPair(bits);
    const key = readRsaPublicKeyDer(publicKey.export({ type: 'pkcs1', format: 'der' }));
    const signature = Uint8Array.from(sign('sha256', message, privateKey));
    expect(rsaVerifyPkcs1v15(key, sha256DigestInfo(message), signature)).toBe(true);
    expect(rsaVerifyPkcs1v15(key, sha256DigestInfo(Buffer.from('other')), signature)).toBe(false);
    const flipped = signature.slice();
    flipped[flipped.length - 1]! ^= 1;
    expect(rsaVerifyPkcs1v15(key, sha256DigestInfo(message), flipped)).toBe(false);
    // One byte short or long, or not below the modulus: never a signature.
    expect(rsaVerifyPkcs1v15(key, sha256DigestInfo(message), signature.subarray(1))).toBe(false);
    expect(rsaVerifyPkcs1v15(key, sha256DigestInfo(message), Uint8Array.of(0, ...signature))).toBe(false);
    expect(rsaVerifyPkcs1v15(key, sha256DigestInfo(message), new Uint8Array(signature.length).fill(0xff))).toBe(false);
  });

  it("refuses another key's signature and a SHA-1 one", () => {
    const a = keyPair(1024);
    const b = keyPair(1024);
    const keyA = readRsaPublicKeyDer(a.publicKey.export({ type: 'pkcs1', format: 'der' }));
    expect(rsaVerifyPkcs1v15(keyA, sha256DigestInfo(message), sign('sha256', message, b.privateKey))).toBe(false);
    expect(rsaVerifyPkcs1v15(keyA, sha256DigestInfo(message), sign('sha1', message, a.privateKey))).toBe(false);
  });

  it('reads only a DER RSAPublicKey, whole', () => {
    const { publicKey } = keyPair(1024);
    const der = publicKey.export({ type: 'pkcs1', format: 'der' });
    expect(readRsaPublicKeyDer(der)).toMatchObject({ publicExponent: 65537n, byteLength: 128 });
    // SubjectPublicKeyInfo (what WebCrypto takes) is not what CloudTrail gives.
    expect(() => readRsaPublicKeyDer(publicKey.export({ type: 'spki', format: 'der' }))).toThrow(RsaKeyError);
    expect(() => readRsaPublicKeyDer(Buffer.concat([der, Buffer.from([0])]))).toThrow('bytes after the key');
    for (let cut = 0; cut < der.length; cut += 5)
      expect(() => readRsaPublicKeyDer(der.subarray(0, cut))).toThrow(RsaKeyError);
    expect(() => readRsaPublicKeyDer(Buffer.from('no key'))).toThrow(RsaKeyError);
  });
});
