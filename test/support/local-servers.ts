/**
 * HTTP stand-ins on 127.0.0.1 for one test file (or one describe block): `listen` starts a server on a
 * free port and gives its origin; every server it started closes, open connections and all, once the
 * file's (or block's) tests are done.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { afterAll } from 'vitest';

export function localServers(): { listen(server: Server): Promise<string> } {
  const servers: Server[] = [];
  afterAll(() =>
    Promise.all(
      servers.map(
        (s) =>
          new Promise((resolve) => {
            s.closeAllConnections();
            s.close(resolve);
          }),
      ),
    ),
  );
  return {
    async listen(server) {
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    },
  };
}

/**
 * An STS stand-in for GetCallerIdentity whose Account is the access key id that signed the call: a test
 * sees which credentials a command used.
 */
export function callerIdentityByKey(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/xml' });
    res.end(
      `<GetCallerIdentityResponse><GetCallerIdentityResult><Account>${/Credential=(\w+)/.exec(req.headers.authorization ?? '')?.[1]}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`,
    );
  });
}
