/**
 * The instance connected to, as DescribeInstances describes it; and the EC2 Instance Connect Endpoint
 * a tunnel goes through (the CLI's eicefetcher.py): the one named, or
 * else one of the instance's VPC — in its subnet if there is one, else the first — in a usable state;
 * and the DNS name to reach it at, its FIPS name when the profile asks for FIPS endpoints.
 */
import type { Client } from '../../core/client.js';
import { ArgumentError, ConfigurationError } from '../../cli/usage.js';

/** What DescribeInstances says of an instance, as far as a connection needs it. */
export interface Instance {
  VpcId?: string;
  SubnetId?: string;
  PrivateIpAddress?: string;
  PublicIpAddress?: string;
  Ipv6Address?: string;
}

/** The instance (an unknown id is the service's error; an empty answer, unlike the CLI's IndexError, says so). */
export async function describeInstance(ec2: Client, id: string, signal: AbortSignal | undefined): Promise<Instance> {
  const answer = await ec2.send('ec2', 'DescribeInstances', { InstanceIds: [id] }, { signal });
  const reservations = (answer.Reservations ?? []) as Array<{ Instances?: Instance[] }>;
  const instance = reservations[0]?.Instances?.[0];
  if (!instance) throw new ArgumentError(`The instance ${id} was not found.`);
  return instance;
}

/** What DescribeInstanceConnectEndpoints says of an endpoint, as far as a tunnel needs it. */
export interface InstanceConnectEndpoint {
  InstanceConnectEndpointId: string;
  SubnetId?: string;
  DnsName?: string;
  FipsDnsName?: string;
}

/** States in which an endpoint takes connections. */
const USABLE_STATES = ['create-complete', 'update-in-progress', 'update-failed', 'update-complete'];

export async function findEndpoint(
  ec2: Client,
  where: { endpointId?: string; vpcId?: string; subnetId?: string },
  signal: AbortSignal | undefined,
): Promise<InstanceConnectEndpoint> {
  const state = { Name: 'state', Values: USABLE_STATES };
  if (where.endpointId) {
    const answer = await ec2.send(
      'ec2',
      'DescribeInstanceConnectEndpoints',
      { Filters: [state], InstanceConnectEndpointIds: [where.endpointId] },
      { signal },
    );
    const found = answer.InstanceConnectEndpoints as InstanceConnectEndpoint[] | undefined;
    if (found?.length) return found[0]!;
    throw new ArgumentError(`There are no available instance connect endpoints with ${where.endpointId}`);
  }
  let first: InstanceConnectEndpoint | undefined;
  const filters = [state, { Name: 'vpc-id', Values: [where.vpcId ?? ''] }];
  for await (const page of ec2.paginate('ec2', 'DescribeInstanceConnectEndpoints', { Filters: filters }, { signal })) {
    const endpoints = (page.InstanceConnectEndpoints ?? []) as InstanceConnectEndpoint[];
    const inSubnet = endpoints.find((e) => e.SubnetId === where.subnetId);
    if (inSubnet) return inSubnet;
    first ??= endpoints[0];
  }
  if (first) return first;
  throw new ArgumentError('There are no available instance connect endpoints.');
}

export function endpointDnsName(endpoint: InstanceConnectEndpoint, fips: boolean): string {
  if (!fips) return endpoint.DnsName ?? '';
  if (endpoint.FipsDnsName) return endpoint.FipsDnsName;
  throw new ConfigurationError('Unable to find FIPS Endpoint');
}
