/**
 * `createWebHost()`: the browser's Host — fetch transport, in-memory files, models imported as Vite
 * chunks, and output written to callbacks the page renders. No environment variables exist in a page;
 * settings come from the options, and `~/.aws/config` and `~/.aws/credentials` from `files`. They live
 * in memory for the life of the page; they are kept in `storage` (the page's localStorage) only when
 * the page passes one, and then the host says so on stderr, since any script of the page's origin can
 * read what is kept there. What a browser cannot do fails with a message saying so: there is no
 * instance metadata or container endpoint (the host does not offer them, see Host.machineCredentials),
 * no program to run for `credential_process` (no Host.run), and no proxy but the browser's own.
 */
import { NetworkError } from '../../core/errors.js';
import type { Host, HostFs, ModelSource, Writer } from '../../core/host.js';
import { sleep } from '../../core/sleep.js';
import { createFetchTransport } from './http.js';
import { createMemoryFs } from './fs.js';
import { createWebModelSource } from './models.js';
import { userModelsDir, withUserModels } from '../../core/model/user-models.js';
import { webCryptoSha256 } from './sha256.js';

export interface WebHostOptions {
  env?: Record<string, string | undefined>;
  models?: ModelSource;
  stdout?: Writer;
  stderr?: Writer;
  fetch?: typeof fetch;
  /** Files to start with, by path; `~/` is the home directory (`~/.aws/config`). */
  files?: Record<string, string | Uint8Array>;
  /** Where to keep the `~/.aws` files between visits (`localStorage`); nothing is kept without it. */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
  /**
   * The files, when they outlive this host (a page's virtual home, shared by the hosts it makes as the
   * learner switches backends); `files` and `storage` then do not apply.
   */
  fs?: HostFs;
}

const HOME = '/home/user';
const AWS_DIR = `${HOME}/.aws/`;
const STORAGE_KEY = 'isoaws:aws-files';
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

export function createWebHost(opts: WebHostOptions = {}): Host {
  const discard: Writer = { write() {} };
  const stderr = opts.stderr ?? discard;
  const initial: Record<string, string | Uint8Array> = {};
  for (const [path, data] of Object.entries(opts.files ?? {}))
    initial[path.startsWith('~/') ? `${HOME}${path.slice(1)}` : path] = data;
  if (opts.fs && (opts.files || opts.storage))
    throw new TypeError('createWebHost: give either fs, or files and storage, not both');
  const memory = createMemoryFs(opts.fs ? {} : { ...initial, ...loadKept(opts.storage) }, HOME);
  const fs = opts.fs ?? memory;
  if (opts.storage) {
    stderr.write(
      "Note: this page keeps ~/.aws/config and ~/.aws/credentials, secret keys included, in the browser's localStorage, where any script of this site can read them.\n",
    );
    const storage = opts.storage;
    const { writeFile, remove, rename } = memory;
    const kept = (...paths: string[]) => {
      if (paths.some((p) => p.startsWith(AWS_DIR))) keep(storage, memory.files);
    };
    memory.writeFile = async (path, data, writeOpts) => {
      await writeFile(path, data, writeOpts);
      kept(path);
    };
    memory.remove = async (path) => {
      await remove(path);
      kept(path);
    };
    memory.rename = async (from, to) => {
      await rename(from, to);
      kept(from, to);
    };
  }
  const env = opts.env ?? {};
  const transport = createFetchTransport(opts.fetch);
  const proxy = PROXY_VARIABLES.find((name) => env[name]);
  return {
    send: (req, sendOpts) => {
      if (proxy) {
        return Promise.reject(
          new NetworkError(
            new URL(req.url).origin,
            `${proxy} is set, but a web page cannot choose its proxy: requests go through the browser's own proxy settings. Unset ${proxy} to send them that way.`,
          ),
        );
      }
      return transport(req, sendOpts);
    },
    fs,
    env,
    homeDir: HOME,
    // Relative paths (`s3 cp notes.txt …`, `file://x.json`) start at home, as in a terminal just opened.
    cwd: HOME,
    now: () => new Date(),
    sleep,
    random: Math.random,
    sha256: webCryptoSha256(),
    // As on a terminal, models added with `configure add-model` to the page's ~/.aws/models are used.
    models: opts.models ?? withUserModels(createWebModelSource(), fs, userModelsDir(HOME)),
    stdout: opts.stdout ?? discard,
    stderr,
  };
}

/** The `~/.aws` files kept by an earlier visit (text, by path). */
function loadKept(storage: WebHostOptions['storage']): Record<string, string> {
  const kept = storage?.getItem(STORAGE_KEY);
  if (!kept) return {};
  try {
    const files = JSON.parse(kept) as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(files).filter((e): e is [string, string] => e[0].startsWith(AWS_DIR) && typeof e[1] === 'string'),
    );
  } catch {
    return {};
  }
}

function keep(storage: NonNullable<WebHostOptions['storage']>, files: Map<string, { data: Uint8Array }>): void {
  const decoder = new TextDecoder();
  const kept: Record<string, string> = {};
  for (const [path, file] of files) if (path.startsWith(AWS_DIR)) kept[path] = decoder.decode(file.data);
  storage.setItem(STORAGE_KEY, JSON.stringify(kept));
}
