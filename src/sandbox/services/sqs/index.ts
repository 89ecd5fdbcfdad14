/**
 * The sandbox's Amazon SQS: standard and FIFO queues with their attributes and tags, and messages sent,
 * received (long polling included), deleted and made visible again by receipt handle, with visibility
 * timeouts, delays, retention and redrive to a dead-letter queue worked out from the call's clock. SNS
 * delivers to a subscribed queue through `deliverToQueue`. Permissions (AddPermission, RemovePermission),
 * dead-letter source listing and message move tasks are not simulated (they answer 501).
 */
import type { ServiceHandlers } from '../../service.js';
import { messageHandlers } from './messages.js';
import { queueHandlers } from './queues.js';

export { deliverToQueue, type Outgoing } from './messages.js';

export const handlers: ServiceHandlers = { ...queueHandlers, ...messageHandlers };
