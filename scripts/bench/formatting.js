// Output formatting at scale (command-line issue): `ec2 describe-instances` answered by a local stub with
// 10,000 instances, printed as json, text and table by isoaws, the AWS CLI v1 (`aws` in this machine's
// Python) and v2 (`/usr/bin/aws` from Debian's awscli), in the same script. Also `isoaws --version`.
// Targets: each format ≥ 5× faster than the faster AWS CLI; `--version` median ≤ 60 ms.
// The AWS CLIs run with their defaults (pager off, no config files); BENCH_RUNS sets the runs per cell.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { findAwsCli, median, medianOf, timeRun } from './lib.js';

const bin = fileURLToPath(new URL('../../bin/isoaws.js', import.meta.url));

function instanceXml(i) {
  const id = `i-${i.toString(16).padStart(17, '0')}`;
  const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  return (
    `<item><instanceId>${id}</instanceId><imageId>ami-0abcdef1234567890</imageId><instanceState><code>16</code><name>running</name></instanceState>` +
    `<privateDnsName>ip-${ip.replaceAll('.', '-')}.ec2.internal</privateDnsName><dnsName></dnsName><reason></reason><keyName>deploy</keyName>` +
    `<amiLaunchIndex>${i % 4}</amiLaunchIndex><productCodes/><instanceType>t3.micro</instanceType><launchTime>2024-05-01T12:34:56.000Z</launchTime>` +
    `<placement><availabilityZone>us-east-1a</availabilityZone><groupName></groupName><tenancy>default</tenancy></placement>` +
    `<monitoring><state>disabled</state></monitoring><subnetId>subnet-0123456789abcdef0</subnetId><vpcId>vpc-0123456789abcdef0</vpcId>` +
    `<privateIpAddress>${ip}</privateIpAddress><sourceDestCheck>true</sourceDestCheck><groupSet><item><groupId>sg-0123456789abcdef0</groupId><groupName>web</groupName></item></groupSet>` +
    `<architecture>x86_64</architecture><rootDeviceType>ebs</rootDeviceType><rootDeviceName>/dev/xvda</rootDeviceName>` +
    `<blockDeviceMapping><item><deviceName>/dev/xvda</deviceName><ebs><volumeId>vol-${i.toString(16).padStart(17, '0')}</volumeId><status>attached</status><attachTime>2024-05-01T12:34:57.000Z</attachTime><deleteOnTermination>true</deleteOnTermination></ebs></item></blockDeviceMapping>` +
    `<virtualizationType>hvm</virtualizationType><tagSet><item><key>Name</key><value>web-${i}</value></item><item><key>env</key><value>prod</value></item></tagSet>` +
    `<hypervisor>xen</hypervisor><ebsOptimized>false</ebsOptimized><enaSupport>true</enaSupport><cpuOptions><coreCount>1</coreCount><threadsPerCore>2</threadsPerCore></cpuOptions></item>`
  );
}

function describeInstancesXml(count) {
  const perReservation = 10;
  const reservations = [];
  for (let r = 0; r < count / perReservation; r++) {
    const items = [];
    for (let k = 0; k < perReservation; k++) items.push(instanceXml(r * perReservation + k));
    reservations.push(
      `<item><reservationId>r-${r.toString(16).padStart(17, '0')}</reservationId><ownerId>123456789012</ownerId><groupSet/><instancesSet>${items.join('')}</instancesSet></item>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>59dbff89-35bd-4eac-99ed-be587EXAMPLE</requestId><reservationSet>${reservations.join('')}</reservationSet></DescribeInstancesResponse>`;
}

export async function startEc2Stub(count) {
  const body = Buffer.from(describeInstancesXml(count));
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8', 'content-length': String(body.length) });
      res.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    bytes: body.length,
    close: () => new Promise((r) => server.close(r)),
  };
}

export async function formatting({ count = 10_000, runs = Number(process.env.BENCH_RUNS ?? 3) } = {}) {
  const stub = await startEc2Stub(count);
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'AKIDBENCH',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  // isoaws twice: as the environment is, and without NODE_EXTRA_CA_CERTS (see cold-start.js).
  const { NODE_EXTRA_CA_CERTS: _ca, ...noCa } = env;
  const clis = {
    isoaws: [process.execPath, [bin], env],
    isoawsNoExtraCa: [process.execPath, [bin], noCa],
    awsV1: [findAwsCli('aws', 1), [], env],
    awsV2: [findAwsCli('/usr/bin/aws', 2), [], env],
  };
  const result = { instances: count, responseMB: +(stub.bytes / 1e6).toFixed(1) };
  try {
    for (const format of ['json', 'text', 'table']) {
      const row = {};
      const times = {};
      // The CLIs take turns within each round, so a machine that slows down mid-run hurts them alike.
      for (let i = 0; i < runs; i++) {
        for (const [name, [command, prefix, cliEnv]] of Object.entries(clis)) {
          if (!command) continue;
          const args = [...prefix, 'ec2', 'describe-instances', '--endpoint-url', stub.url, '--output', format];
          (times[name] ??= []).push(await timeRun(command, args, cliEnv));
        }
      }
      for (const [name, list] of Object.entries(times)) row[`${name}Ms`] = Math.round(median(list));
      const fastestAws = Math.min(...[row.awsV1Ms, row.awsV2Ms].filter((v) => v !== undefined));
      if (Number.isFinite(fastestAws)) {
        row.ratioVsFastestAws = +(fastestAws / row.isoawsMs).toFixed(1);
        row.ratioVsFastestAwsNoExtraCa = +(fastestAws / row.isoawsNoExtraCaMs).toFixed(1);
      }
      result[format] = row;
    }
  } finally {
    await stub.close();
  }
  result.versionMedianMs = +(await medianOf(15, () => timeRun(process.execPath, [bin, '--version'], env))).toFixed(1);
  result.versionMedianMsNoExtraCa = +(
    await medianOf(15, () => timeRun(process.execPath, [bin, '--version'], noCa))
  ).toFixed(1);
  return result;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await formatting(), null, 2));
}
