/**
 * `gamelift get-game-session-log` (the AWS CLI's gamelift/getlog.py): GetGameSessionLogUrl, then the
 * log archive fetched from the presigned URL it gives and written to `--save-as`, as the CLI's urlopen
 * fetches it: a plain GET (the proxy settings apply; nothing is signed), redirects followed, and any
 * other answer than a success urllib's `HTTP Error <status>: <reason>` (exit 255). The body is
 * streamed to the file, which appears only once it is whole.
 */
import { IsoawsError } from '../../core/errors.js';
import type { HttpResponse } from '../../core/host.js';
import { resolveLocal } from '../../core/local-paths.js';
import { errorFromStatus } from '../../core/protocols/shared.js';
import { writeChunks } from '../../core/transfer/objects.js';
import {
  commandPage,
  readCommandOptions,
  valueOption,
  type CommandEnv,
  type CommandModule,
} from '../../cli/command.js';

const OPTIONS = [
  valueOption('game-session-id', 'string', 'The game session ID', { required: true }),
  valueOption('save-as', 'string', 'The filename to which the file should be saved (.zip)', { required: true }),
];

const PAGE = commandPage(
  {
    name: 'get-game-session-log',
    description: 'Download a compressed log file for a game session.',
    examples: [
      'isoaws gamelift get-game-session-log --game-session-id arn:aws:gamelift:us-west-2::gamesession/fleet-1/gsess-1 --save-as session.zip',
    ],
  },
  OPTIONS,
);

/** urllib's HTTPRedirectHandler: the codes it follows, how many redirects in all, and to one URL. */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 10;
const MAX_REPEATS = 4;

export const getGameSessionLogCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const sessionId = values.get('game-session-id') as string;
    const saveAs = values.get('save-as') as string;
    const { host } = env.ctx;
    const client = await env.client();
    const out = await client.send(
      'gamelift',
      'GetGameSessionLogUrl',
      { GameSessionId: sessionId },
      { signal: env.ctx.signal },
    );
    const response = await fetchLog(env, String(out.PreSignedUrl));
    host.stdout.write(`Downloading log archive for game session ${sessionId}...\r`);
    const path = resolveLocal(host.cwd ?? '/', saveAs);
    const dir = path.slice(0, path.lastIndexOf('/')) || '/';
    if (!(await host.fs.stat(dir))?.isDirectory)
      throw new IsoawsError(`[Errno 2] No such file or directory: '${saveAs}'`);
    if ((await host.fs.stat(path))?.isDirectory) throw new IsoawsError(`[Errno 21] Is a directory: '${saveAs}'`);
    const file = await host.fs.openForWrite(path);
    try {
      await writeChunks(file, response.body, 0);
      await file.commit();
    } catch (err) {
      await file.abort();
      throw err;
    }
    host.stdout.write(`Successfully downloaded log archive for game session ${sessionId} to ${saveAs}\n`);
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

/** GET `url` as urlopen does: redirects followed (as far as urllib goes), anything else but 2xx an HTTPError. */
async function fetchLog(env: CommandEnv, url: string): Promise<HttpResponse> {
  const { host, signal } = env.ctx;
  const visited = new Map<string, number>();
  for (;;) {
    const response = await host.send({ method: 'GET', url, headers: {} }, { signal });
    const { statusCode } = response;
    const reason = errorFromStatus(statusCode).message;
    if (statusCode >= 200 && statusCode < 300) return response;
    const location = response.headers.location;
    if (!REDIRECTS.has(statusCode) || !location) throw new IsoawsError(`HTTP Error ${statusCode}: ${reason}`);
    url = new URL(location, url).href;
    if ((visited.get(url) ?? 0) >= MAX_REPEATS || visited.size >= MAX_REDIRECTS)
      throw new IsoawsError(
        `HTTP Error ${statusCode}: The HTTP server returned a redirect error that would lead to an infinite loop.\nThe last 30x error message was:\n${reason}`,
      );
    visited.set(url, (visited.get(url) ?? 0) + 1);
    // The redirect's own body is read to its end, so its connection can be used again.
    for await (const _chunk of response.body);
  }
}
