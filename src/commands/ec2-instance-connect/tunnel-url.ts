/**
 * The URL a tunnel's WebSocket opens (the CLI's eicesigner.py): `wss://<endpoint DNS name>/openTunnel`
 * with the endpoint, the instance's address and port (and the longest the tunnel may last) in the query,
 * presigned with SigV4 for `ec2-instance-connect` in the profile's region, valid for 60 seconds. Each
 * connection gets one of its own.
 */
import type { Host } from '../../core/host.js';
import { presignUrl, type SigningCredentials } from '../../core/signing/index.js';

export interface TunnelTarget {
  dnsName: string;
  endpointId: string;
  /** The instance's private IPv4 (or IPv6) address. */
  address: string;
  remotePort: number | string;
  /** Seconds; left out of the query when not given. */
  maxTunnelDuration?: number;
}

export async function tunnelUrl(
  host: Pick<Host, 'now' | 'sha256'>,
  target: TunnelTarget,
  signing: { region: string; credentials: SigningCredentials },
): Promise<string> {
  const query = new URLSearchParams({
    instanceConnectEndpointId: target.endpointId,
    remotePort: String(target.remotePort),
    privateIpAddress: target.address,
  });
  if (target.maxTunnelDuration) query.set('maxTunnelDuration', String(target.maxTunnelDuration));
  return presignUrl(
    { method: 'GET', url: `wss://${target.dnsName}/openTunnel?${query}`, headers: { host: target.dnsName } },
    {
      credentials: signing.credentials,
      region: signing.region,
      service: 'ec2-instance-connect',
      now: host.now(),
      expiresIn: 60,
      sha256: host.sha256,
    },
  );
}
