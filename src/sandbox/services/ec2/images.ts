/**
 * The images an instance can be launched from (a small fixed catalogue of public AMIs, the same ids in
 * every region) and a few instance types.
 */
import { SandboxError, type Handler } from '../../service.js';
import { applyFilters, readFilters, strList, type FilterTable } from './common.js';

export interface ImageEntry {
  id: string;
  name: string;
  description: string;
  ownerId: string;
  ownerAlias?: string;
  architecture: string;
  platform?: 'windows';
  platformDetails: string;
  created: string;
  rootDevice: string;
}

const AMAZON = '137112412989';
const AMAZON_WINDOWS = '801119661308';
const CANONICAL = '099720109477';

export const IMAGES: readonly ImageEntry[] = [
  {
    id: 'ami-0c02fb55956c7d316',
    name: 'al2023-ami-2023.6.20241212.0-kernel-6.1-x86_64',
    description: 'Amazon Linux 2023 AMI 2023.6.20241212.0 x86_64 HVM kernel-6.1',
    ownerId: AMAZON,
    ownerAlias: 'amazon',
    architecture: 'x86_64',
    platformDetails: 'Linux/UNIX',
    created: '2024-12-12T19:47:04.000Z',
    rootDevice: '/dev/xvda',
  },
  {
    id: 'ami-0f9b4c5e1d8a27c63',
    name: 'al2023-ami-2023.6.20241212.0-kernel-6.1-arm64',
    description: 'Amazon Linux 2023 AMI 2023.6.20241212.0 arm64 HVM kernel-6.1',
    ownerId: AMAZON,
    ownerAlias: 'amazon',
    architecture: 'arm64',
    platformDetails: 'Linux/UNIX',
    created: '2024-12-12T19:47:10.000Z',
    rootDevice: '/dev/xvda',
  },
  {
    id: 'ami-0a7d80731ae1b2435',
    name: 'ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20241206',
    description: 'Canonical, Ubuntu, 22.04 LTS, amd64 jammy image build on 2024-12-06',
    ownerId: CANONICAL,
    architecture: 'x86_64',
    platformDetails: 'Linux/UNIX',
    created: '2024-12-06T08:20:31.000Z',
    rootDevice: '/dev/sda1',
  },
  {
    id: 'ami-0e2c8caa4b6378d8c',
    name: 'ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20241206',
    description: 'Canonical, Ubuntu, 24.04, amd64 noble image',
    ownerId: CANONICAL,
    architecture: 'x86_64',
    platformDetails: 'Linux/UNIX',
    created: '2024-12-06T08:43:56.000Z',
    rootDevice: '/dev/sda1',
  },
  {
    id: 'ami-05b4ded3ceb71e470',
    name: 'Windows_Server-2022-English-Full-Base-2024.12.13',
    description: 'Microsoft Windows Server 2022 Full Locale English AMI provided by Amazon',
    ownerId: AMAZON_WINDOWS,
    ownerAlias: 'amazon',
    architecture: 'x86_64',
    platform: 'windows',
    platformDetails: 'Windows',
    created: '2024-12-13T05:51:42.000Z',
    rootDevice: '/dev/sda1',
  },
  // Older public images that tutorials and moto's examples name.
  {
    id: 'ami-12c6146b',
    name: 'Windows_Server-2008-R2_SP1-English-64Bit-Base-2017.10.13',
    description: 'Microsoft Windows Server 2008 R2 SP1 Datacenter 64-bit Locale English Base AMI provided by Amazon',
    ownerId: AMAZON_WINDOWS,
    ownerAlias: 'amazon',
    architecture: 'x86_64',
    platform: 'windows',
    platformDetails: 'Windows',
    created: '2017-10-13T09:00:00.000Z',
    rootDevice: '/dev/sda1',
  },
  {
    id: 'ami-760aaa0f',
    name: 'amzn-ami-hvm-2017.09.1.20171103-x86_64-gp2',
    description: 'Amazon Linux AMI 2017.09.1.20171103 x86_64 HVM GP2',
    ownerId: AMAZON,
    ownerAlias: 'amazon',
    architecture: 'x86_64',
    platformDetails: 'Linux/UNIX',
    created: '2017-11-03T23:14:10.000Z',
    rootDevice: '/dev/xvda',
  },
  {
    id: 'ami-785db401',
    name: 'ubuntu/images/hvm-ssd/ubuntu-xenial-16.04-amd64-server-20170721',
    description: 'Canonical, Ubuntu, 16.04 LTS, amd64 xenial image build on 2017-07-21',
    ownerId: CANONICAL,
    architecture: 'x86_64',
    platformDetails: 'Linux/UNIX',
    created: '2017-07-21T18:00:00.000Z',
    rootDevice: '/dev/sda1',
  },
];

export function findImage(id: string): ImageEntry | undefined {
  return IMAGES.find((i) => i.id === id);
}

export function imageNotFound(ids: string[]): SandboxError {
  return new SandboxError('InvalidAMIID.NotFound', `The image id '[${ids.join(', ')}]' does not exist`, 400);
}

/** Checks an AMI id's form, as EC2 does before looking it up. */
export function checkImageId(id: string): void {
  if (!/^ami-[0-9a-f]{8}([0-9a-f]{9})?$/.test(id)) {
    throw new SandboxError('InvalidAMIID.Malformed', `Invalid id: "${id}" (expecting "ami-...")`, 400);
  }
}

function describeImage(image: ImageEntry): Record<string, unknown> {
  return {
    ImageId: image.id,
    ImageLocation: `${image.ownerAlias ?? image.ownerId}/${image.name}`,
    State: 'available',
    OwnerId: image.ownerId,
    ImageOwnerAlias: image.ownerAlias,
    CreationDate: image.created,
    Public: true,
    Architecture: image.architecture,
    ImageType: 'machine',
    Platform: image.platform,
    PlatformDetails: image.platformDetails,
    UsageOperation: image.platform ? 'RunInstances:0002' : 'RunInstances',
    EnaSupport: true,
    Hypervisor: 'xen',
    Name: image.name,
    Description: image.description,
    RootDeviceName: image.rootDevice,
    RootDeviceType: 'ebs',
    VirtualizationType: 'hvm',
    SriovNetSupport: 'simple',
    BlockDeviceMappings: [
      {
        DeviceName: image.rootDevice,
        Ebs: { DeleteOnTermination: true, VolumeSize: image.platform ? 30 : 8, VolumeType: 'gp3', Encrypted: false },
      },
    ],
  };
}

const IMAGE_FILTERS: FilterTable<ImageEntry> = {
  name: (i) => i.name,
  'image-id': (i) => i.id,
  architecture: (i) => i.architecture,
  'owner-id': (i) => i.ownerId,
  'owner-alias': (i) => i.ownerAlias,
  platform: (i) => i.platform,
  'platform-details': (i) => i.platformDetails,
  description: (i) => i.description,
  state: () => 'available',
  'is-public': () => 'true',
  'image-type': () => 'machine',
  'root-device-type': () => 'ebs',
  'root-device-name': (i) => i.rootDevice,
  'virtualization-type': () => 'hvm',
  hypervisor: () => 'xen',
};

/** Whether an Owners entry (`amazon`, `self`, an account id or alias) owns the image. */
function ownedBy(image: ImageEntry, owner: string): boolean {
  return owner === image.ownerId || (owner === 'amazon' && image.ownerAlias === 'amazon');
}

const describeImages: Handler = async (call) => {
  const ids = strList(call, 'ImageIds');
  const owners = strList(call, 'Owners');
  ids.forEach(checkImageId);
  const missing = ids.filter((id) => !findImage(id));
  if (missing.length) throw imageNotFound(missing);
  let images = ids.length ? IMAGES.filter((i) => ids.includes(i.id)) : [...IMAGES];
  if (owners.length) images = images.filter((i) => owners.some((o) => ownedBy(i, o)));
  return { Images: applyFilters(images, readFilters(call), IMAGE_FILTERS).map(describeImage) };
};

interface TypeEntry {
  type: string;
  vcpus: number;
  memory: number;
  arch: string;
  burstable: boolean;
  freeTier: boolean;
  network: string;
}

const TYPES: readonly TypeEntry[] = [
  {
    type: 't2.micro',
    vcpus: 1,
    memory: 1024,
    arch: 'x86_64',
    burstable: true,
    freeTier: true,
    network: 'Low to Moderate',
  },
  {
    type: 't3.micro',
    vcpus: 2,
    memory: 1024,
    arch: 'x86_64',
    burstable: true,
    freeTier: true,
    network: 'Up to 5 Gigabit',
  },
  {
    type: 't3.small',
    vcpus: 2,
    memory: 2048,
    arch: 'x86_64',
    burstable: true,
    freeTier: false,
    network: 'Up to 5 Gigabit',
  },
  {
    type: 'm5.large',
    vcpus: 2,
    memory: 8192,
    arch: 'x86_64',
    burstable: false,
    freeTier: false,
    network: 'Up to 10 Gigabit',
  },
];

const TYPE_FILTERS: FilterTable<TypeEntry> = {
  'instance-type': (t) => t.type,
  'vcpu-info.default-vcpus': (t) => String(t.vcpus),
  'memory-info.size-in-mib': (t) => String(t.memory),
  'processor-info.supported-architecture': (t) => t.arch,
  'burstable-performance-supported': (t) => String(t.burstable),
  'free-tier-eligible': (t) => String(t.freeTier),
  'current-generation': (t) => String(t.type !== 't2.micro'),
};

const describeInstanceTypes: Handler = async (call) => {
  const wanted = strList(call, 'InstanceTypes');
  for (const type of wanted) {
    if (!TYPES.some((t) => t.type === type)) {
      throw new SandboxError(
        'InvalidInstanceType',
        `The following supplied instance types do not exist: [${type}]`,
        400,
      );
    }
  }
  const types = wanted.length ? TYPES.filter((t) => wanted.includes(t.type)) : [...TYPES];
  return {
    InstanceTypes: applyFilters(types, readFilters(call), TYPE_FILTERS).map((t) => ({
      InstanceType: t.type,
      CurrentGeneration: t.type !== 't2.micro',
      FreeTierEligible: t.freeTier,
      SupportedUsageClasses: ['on-demand', 'spot'],
      SupportedRootDeviceTypes: ['ebs'],
      SupportedVirtualizationTypes: ['hvm'],
      BareMetal: false,
      Hypervisor: t.type === 't2.micro' ? 'xen' : 'nitro',
      ProcessorInfo: { SupportedArchitectures: [t.arch] },
      VCpuInfo: { DefaultVCpus: t.vcpus },
      MemoryInfo: { SizeInMiB: t.memory },
      InstanceStorageSupported: false,
      NetworkInfo: { NetworkPerformance: t.network },
      BurstablePerformanceSupported: t.burstable,
    })),
  };
};

export const imageHandlers = { DescribeImages: describeImages, DescribeInstanceTypes: describeInstanceTypes };
