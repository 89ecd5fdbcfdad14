/**
 * The sandbox's EC2: key pairs, security groups, the default VPC and its subnets, a catalogue of images,
 * instances with their life cycle, and tags. A region's state is one document (see common.ts); each
 * area's handlers live in a module of their own.
 */
import type { ServiceHandlers } from '../../service.js';
import { prepare } from './common.js';
import { imageHandlers } from './images.js';
import { instanceHandlers, settleInstances } from './instances.js';
import { keyPairHandlers } from './key-pairs.js';
import { ensureDefaultVpc, networkHandlers } from './network.js';
import { securityGroupHandlers } from './security-groups.js';
import { tagHandlers } from './tags.js';

prepare.push(ensureDefaultVpc, settleInstances);

export const handlers: ServiceHandlers = {
  ...keyPairHandlers,
  ...securityGroupHandlers,
  ...networkHandlers,
  ...imageHandlers,
  ...instanceHandlers,
  ...tagHandlers,
};
