/**
 * A stand-in for the AWS Agent Toolkit API (models/agenttoolkit.json.gz), for the agent-toolkit tests:
 * neither reference CLI nor moto has the service. Its skills are what a test gives, each version a set
 * of files zipped here (the `download` file), with the SHA-256 checksum file the service publishes
 * (`<hex>  download`). `answer` serves the memory host; `startAgentToolkitStandIn` the same on
 * 127.0.0.1 for the real program. Every request is recorded.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { zipArchive } from '../../src/core/zip.js';

export interface StandInSkill {
  description?: string;
  categories?: string[];
  /** Files by path, per version (`v1`); the last version listed is the latest. */
  versions: Record<string, Record<string, string>>;
  /** The zip served as `download` instead of one made of the files (a corrupt or hostile archive). */
  zip?: Uint8Array;
  /** The checksum file's text instead of the zip's own. */
  checksum?: string;
}

export interface StandInAnswer {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

export interface StandIn {
  /** Answers one request (path and query as sent). */
  answer(method: string, target: string): Promise<StandInAnswer>;
  /** `METHOD path?query` of every request answered. */
  requests: string[];
}

const text = (body: string, status = 200, type = 'text/plain'): StandInAnswer => ({
  status,
  headers: { 'content-type': type },
  body: new TextEncoder().encode(body),
});
const json = (body: unknown, status = 200) => text(JSON.stringify(body), status, 'application/json');
const notFound = (message: string): StandInAnswer => ({
  ...json({ message }, 404),
  headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'NotFoundException' },
});

export function agentToolkitStandIn(skills: Record<string, StandInSkill>): StandIn {
  const requests: string[] = [];
  const latest = (skill: StandInSkill) => Object.keys(skill.versions).at(-1)!;
  const summary = (name: string, skill: StandInSkill) => ({
    name,
    description: skill.description ?? `The ${name} skill.`,
    skillVersion: latest(skill),
    categories: skill.categories ?? [],
  });
  const zips = new Map<string, Promise<Uint8Array>>();
  const zipOf = (name: string, version: string) => {
    const key = `${name}@${version}`;
    if (!zips.has(key)) {
      const skill = skills[name]!;
      const files = Object.entries(skill.versions[version]!).map(([path, content]) => ({
        name: path,
        data: new TextEncoder().encode(content),
        modified: new Date('2026-01-02T03:04:06Z'),
        mode: 0o644,
      }));
      zips.set(key, skill.zip ? Promise.resolve(skill.zip) : zipArchive(files));
    }
    return zips.get(key)!;
  };
  return {
    requests,
    async answer(method, target) {
      requests.push(`${method} ${target}`);
      const url = new URL(target, 'http://stand-in');
      const path = url.pathname.split('/').map(decodeURIComponent);
      const query = url.searchParams;
      if (url.pathname === '/api/skills') {
        const category = query.get('category_filter');
        const listed = Object.entries(skills).filter(([, s]) => !category || (s.categories ?? []).includes(category));
        return json({ skills: listed.map(([n, s]) => summary(n, s)) });
      }
      if (url.pathname === '/api/search/skills') {
        const words = (query.get('query') ?? '').toLowerCase();
        return json({
          skills: Object.entries(skills)
            .filter(([n]) => n.includes(words))
            .map(([n, s]) => summary(n, s)),
        });
      }
      if (path[1] === 'api' && path[2] === 'skills' && path.length === 4) {
        const skill = skills[path[3]!];
        if (!skill) return notFound(`Skill ${path[3]} not found`);
        const version = query.get('skill_version') ?? latest(skill);
        return json({
          ...summary(path[3]!, skill),
          skillVersion: version,
          files: Object.keys(skill.versions[version] ?? {}).map((p) => ({ path: p })),
        });
      }
      if (path[1] !== 'skills' || !skills[path[2]!]) return notFound(`Skill ${path[2]} not found`);
      const name = path[2]!;
      const skill = skills[name]!;
      if (path[3] === 'latest' && path.length === 4) return text(latest(skill));
      const version = path[4] === 'latest' ? latest(skill) : path[4]!;
      if (path[3] !== 'versions' || path[5] !== 'files' || !skill.versions[version])
        return notFound(`Version ${path[4]} of ${name} not found`);
      const file = path.slice(6);
      const checksum = file.at(-1) === 'checksum' && file.length > 1;
      const filePath = (checksum ? file.slice(0, -1) : file).join('/');
      if (filePath === 'download') {
        const zip = await zipOf(name, version);
        if (!checksum) return { status: 200, headers: { 'content-type': 'application/zip' }, body: zip };
        return text(skill.checksum ?? `${createHash('sha256').update(zip).digest('hex')}  download\n`);
      }
      const content = skill.versions[version]![filePath];
      if (content === undefined) return notFound(`File ${filePath} not found`);
      return checksum ? text(createHash('sha256').update(content).digest('hex')) : text(content, 200, 'text/markdown');
    },
  };
}

/** The stand-in served on 127.0.0.1, on a free port. */
export async function startAgentToolkitStandIn(
  standIn: StandIn,
): Promise<{ endpoint: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      void standIn.answer(req.method ?? 'GET', req.url ?? '/').then((a) => {
        res.writeHead(a.status, { ...a.headers, 'content-length': String(a.body.length) });
        res.end(a.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
