/**
 * `agent-toolkit get-skill-file` (the AWS CLI's agenttoolkit/get_skill_file.py): prints one file of a
 * skill, as UTF-8 text, at `--skill-version` or else the latest.
 */
import { IsoawsError } from '../../core/errors.js';
import { commandPage, readCommandOptions, valueOption, type CommandModule } from '../../cli/command.js';
import { SKILL_NAME, SKILL_VERSION } from './options.js';
import { skillFile } from './service.js';

const OPTIONS = [
  SKILL_NAME,
  valueOption('file-path', 'string', 'The file to fetch (such as SKILL.md, references/architecture.md).', {
    required: true,
  }),
  SKILL_VERSION,
];

const PAGE = commandPage(
  {
    name: 'get-skill-file',
    description:
      'Retrieve the contents of a single file from a skill. Use aws agent-toolkit get-skill-metadata to discover available file names for each skill. By default the latest version is retrieved, use --skill-version for a specific skill version.',
    examples: [
      'isoaws agent-toolkit get-skill-file --skill-name aws-serverless --file-path SKILL.md',
      'isoaws agent-toolkit get-skill-file --skill-name aws-serverless --file-path references/architecture.md --skill-version v1',
    ],
  },
  OPTIONS,
);

export const getSkillFileCommand: CommandModule = {
  async run(env, args) {
    const values = readCommandOptions(OPTIONS, args);
    const client = await env.client();
    const bytes = await skillFile(
      client,
      {
        name: values.get('skill-name') as string,
        skillVersion: (values.get('skill-version') as string | undefined) || 'latest',
        filePath: values.get('file-path') as string,
      },
      env.ctx.signal,
    );
    env.ctx.host.stdout.write(utf8(bytes));
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    throw new IsoawsError('The file is not UTF-8 text.', { cause: err });
  }
}
