/**
 * `ecr get-login-password` and `ecr-public get-login-password` (the AWS CLI's ecr.py and ecr_public.py):
 * GetAuthorizationToken, its token (base64 of `AWS:<password>`) decoded, and the password printed alone,
 * for `… | docker login --username AWS --password-stdin <registry>`. ECR answers with a list of
 * authorizations and the first is used; ECR Public answers with one.
 */
import { IsoawsError } from '../core/errors.js';
import { fromBase64 } from '../core/protocols/shared.js';
import { readCommandOptions, type CommandModule } from '../cli/command.js';
import type { CommandPage } from '../cli/help.js';

const PAGE: CommandPage = {
  name: 'get-login-password',
  description:
    'Prints a password for the registry, from the GetAuthorizationToken API, to give a container client such as Docker (user name AWS). The password is valid for 12 hours.',
  synopsis: ['get-login-password'],
  options: [],
  examples: [
    'isoaws ecr get-login-password | docker login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com',
    'isoaws ecr-public get-login-password --region us-east-1 | docker login --username AWS --password-stdin public.ecr.aws',
  ],
};

export const getLoginPasswordCommand: CommandModule = {
  async run(env, args) {
    readCommandOptions([], args);
    const service = env.entry!.name;
    const out = await (await env.client()).send(service, 'GetAuthorizationToken', {});
    const data = out.authorizationData as { authorizationToken?: string } | Array<{ authorizationToken?: string }>;
    const token = (Array.isArray(data) ? data[0] : data)?.authorizationToken;
    const decoded = token === undefined ? '' : new TextDecoder().decode(fromBase64(token));
    const colon = decoded.indexOf(':');
    if (colon === -1) throw new IsoawsError(`${service} GetAuthorizationToken gave no token of the form user:password`);
    env.ctx.host.stdout.write(`${decoded.slice(colon + 1)}\n`);
    return 0;
  },
  page: async (sub) => (sub === undefined ? PAGE : undefined),
};
