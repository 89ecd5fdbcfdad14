/**
 * A client for a service a command calls besides its own, made as the AWS CLI's customizations make one
 * (`session.create_client(name, region_name=…, endpoint_url=…)`): the global `--endpoint-url` is not
 * passed to it, so `dlm create-default-role --endpoint-url …` still reaches IAM's own endpoint (AWS CLI
 * v2 2.9.19 does the same). The command's own endpoint option (`--iam-endpoint`) or else one configured
 * for that service (AWS_ENDPOINT_URL_<ID>, `[services]`, seed 003) applies.
 */
import { createClient, type Client } from '../core/client.js';
import { configuredEndpoint } from '../core/config/endpoint.js';
import type { CommandEnv } from '../cli/command.js';

/** A client for the service of environment id `envId` (`IAM`, `EKS`), at `endpointUrl` when given. */
export async function nestedClient(env: CommandEnv, envId: string, endpointUrl?: string): Promise<Client> {
  const [client, profile] = await Promise.all([env.client(envId), env.profile()]);
  const url =
    endpointUrl ??
    configuredEndpoint({
      envId,
      env: env.ctx.host.env,
      profile: profile.config,
      services: profile.files.config.services,
    });
  return createClient(client.host, { ...client.config, endpointUrl: url });
}
