/**
 * The Agent Toolkit calls the commands make (the AWS CLI's agenttoolkit/utils.py): the latest version of
 * a skill, and its zip (the file `download`) with the checksum the service publishes for it.
 */
import type { Client } from '../../core/client.js';
import type { StreamingBody } from '../../core/streaming-body.js';

const SERVICE = 'agenttoolkit';

export interface SkillDownload {
  zip: Uint8Array;
  checksum: string;
  version: string;
}

/** The skill's latest version (`v3`), looked up rather than asked for as `latest`, so the metadata can record it. */
export async function latestVersion(client: Client, name: string, signal?: AbortSignal): Promise<string> {
  const answer = await client.send(SERVICE, 'GetLatestSkillVersion', { name }, { signal });
  return String(answer.body ?? '').trim();
}

/** The skill's zip and checksum, at `version` or else the latest. */
export async function downloadSkill(
  client: Client,
  name: string,
  version: string | undefined,
  signal?: AbortSignal,
): Promise<SkillDownload> {
  const skillVersion = version ?? (await latestVersion(client, name, signal));
  const params = { name, skillVersion, filePath: 'download' };
  const file = await client.send(SERVICE, 'GetSkillFile', params, { signal });
  const zip = await (file.body as StreamingBody).bytes();
  const checksum = await client.send(SERVICE, 'GetSkillFileChecksum', params, { signal });
  return { zip, checksum: String(checksum.body ?? ''), version: skillVersion };
}

/** One file of a skill, as bytes (`get-skill-file`). */
export async function skillFile(
  client: Client,
  params: { name: string; skillVersion: string; filePath: string },
  signal?: AbortSignal,
): Promise<Uint8Array> {
  const file = await client.send(SERVICE, 'GetSkillFile', params, { signal });
  return (file.body as StreamingBody).bytes();
}
