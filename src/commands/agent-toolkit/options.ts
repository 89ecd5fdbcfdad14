/** The options the agent-toolkit commands share (the AWS CLI's agenttoolkit/utils.py argument table). */
import { valueOption } from '../../cli/command.js';
import { AGENT_HELP } from './agents.js';

export const SKILL_NAME = valueOption('skill-name', 'string', 'The name of the skill.', { required: true });
export const SKILL_VERSION = valueOption(
  'skill-version',
  'string',
  'Skill version to retrieve (such as v1). Defaults to latest.',
);
export const AGENT = valueOption('agent', 'string', AGENT_HELP);
