/**
 * Installing a skill into agents' skills directories (the AWS CLI's agenttoolkit/utils.py), with the
 * metadata file that marks a directory as the CLI's own and records the version. Agents sharing a
 * directory (~/.agents/skills) get it once, the Universal row first. A directory the CLI did not make
 * is never touched; one it made is left alone unless asked to overwrite it (update-skill) or its
 * SKILL.md is gone (a broken install).
 *
 * Unlike the CLI, which extracts into the skill's directory itself, the files go to a hidden directory
 * beside it that is renamed into place once complete, and an old install is swapped out the same way:
 * a failed install leaves the previous one, or nothing, never half of one.
 */
import type { Host } from '../../core/host.js';
import { realOf } from '../../core/local-paths.js';
import { pyJsonDumps } from '../../core/query/python-text.js';
import { joinPath, SKILL_FILENAME, SKILL_METADATA_FILENAME, universalFirst, type DetectedAgent } from './agents.js';
import { AgentToolkitError, type SkillFile } from './skill-archive.js';

export interface InstallOptions {
  /** Where progress lines go (none for configure agent-toolkit's installs). */
  log?: (line: string) => void;
  /** The verb of the success line: Installed, Updated. */
  action?: string;
  overwrite?: boolean;
}

/** The version the skill's metadata records; undefined when there is none or it cannot be read. */
export async function installedVersion(host: Host, skillDir: string): Promise<string | undefined> {
  let text: string;
  try {
    text = new TextDecoder().decode(await host.fs.readFile(`${skillDir}/${SKILL_METADATA_FILENAME}`));
  } catch {
    return undefined;
  }
  try {
    const version = (JSON.parse(text) as { version?: unknown } | null)?.version;
    return typeof version === 'string' ? version : undefined;
  } catch {
    // A corrupt file reads as no version: removing or reinstalling the skill repairs it.
    return undefined;
  }
}

/** Installs the checked files of skill `name` at `version` for each agent. */
export async function installSkill(
  host: Host,
  name: string,
  version: string,
  files: readonly SkillFile[],
  agents: readonly DetectedAgent[],
  opts: InstallOptions = {},
): Promise<void> {
  if (!name || name === '.' || name === '..' || /[/\\]/.test(name))
    throw new AgentToolkitError(`Refusing to install ${name}: not a directory name.`);
  const done = new Set<string>();
  for (const agent of universalFirst(agents, (a) => a.config.id)) {
    const dir = await realPath(host, joinPath(agent.skillsPath, name));
    if (done.has(dir)) continue;
    done.add(dir);
    const existing = await host.fs.stat(dir);
    if (existing && !existing.isDirectory) throw new AgentToolkitError(`${dir} exists and is not a directory.`);
    if (existing) {
      if (!(await host.fs.stat(`${dir}/${SKILL_METADATA_FILENAME}`))) {
        opts.log?.(`  Skipped ${name} at ${dir}: directory was not installed by the AWS CLI.\n`);
        continue;
      }
      const broken = !(await host.fs.stat(`${dir}/${SKILL_FILENAME}`));
      if (!opts.overwrite && !broken) {
        const installed = await installedVersion(host, dir);
        opts.log?.(
          `  ${name} is already installed${installed ? ` (${installed})` : ''} at ${dir}. Run "aws agent-toolkit update-skill --skill-name ${name}" to update, or remove it first to reinstall.\n`,
        );
        continue;
      }
      if (broken && !opts.overwrite)
        opts.log?.(`  Reinstalling ${name} at ${dir}: previous install appears incomplete.\n`);
    }
    await placeSkill(host, dir, version, files, existing !== undefined);
    opts.log?.(`  ${opts.action ?? 'Installed'} ${name} (${version}) to ${agent.label}.\n`);
  }
}

/** Removes an installed skill's directory: out of sight first (a rename), then deleted. */
export async function removeSkillDir(host: Host, dir: string): Promise<void> {
  const removeTree = treeRemover(host);
  const aside = sideName(host, dir, 'removed');
  await host.fs.rename(dir, aside);
  await removeTree(aside);
}

/** Writes the skill beside `dir`, then renames it into place, swapping out what was there. */
async function placeSkill(
  host: Host,
  dir: string,
  version: string,
  files: readonly SkillFile[],
  replace: boolean,
): Promise<void> {
  const fs = host.fs;
  const removeTree = treeRemover(host);
  const staging = sideName(host, dir, 'new');
  try {
    await fs.mkdir(staging);
    for (const file of files) {
      const path = `${staging}/${file.path}`;
      if (file.data === undefined) await fs.mkdir(path);
      else {
        await fs.mkdir(path.slice(0, path.lastIndexOf('/')));
        await fs.writeFile(path, file.data);
      }
    }
    await fs.writeFile(`${staging}/${SKILL_METADATA_FILENAME}`, `${pyJsonDumps({ version }, true)}\n`);
    if (!replace) {
      await fs.rename(staging, dir);
      return;
    }
    const old = sideName(host, dir, 'old');
    await fs.rename(dir, old);
    try {
      await fs.rename(staging, dir);
    } catch (err) {
      await fs.rename(old, dir);
      throw err;
    }
    await removeTree(old);
  } catch (err) {
    await removeTree(staging).catch(() => undefined);
    throw err;
  }
}

/** A hidden name beside `dir` (skipped when skills are listed), unique to this run. */
function sideName(host: Host, dir: string, what: string): string {
  const slash = dir.lastIndexOf('/');
  const tag = Math.floor(host.random() * 0x100000000)
    .toString(16)
    .padStart(8, '0');
  return `${dir.slice(0, slash)}/.${dir.slice(slash + 1)}.isoaws-${what}-${tag}`;
}

function treeRemover(host: Host): (path: string) => Promise<void> {
  const removeTree = host.fs.removeTree;
  if (!removeTree) throw new AgentToolkitError('This host cannot remove directories.');
  return (path) => removeTree(path);
}

/** The path with its links resolved, as far as it exists (os.path.realpath). */
async function realPath(host: Host, path: string): Promise<string> {
  const resolve = host.fs.realPath;
  return resolve ? realOf((p) => resolve(p), path) : path;
}
