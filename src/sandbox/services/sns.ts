/**
 * The sandbox's Amazon SNS: standard and FIFO topics with their attributes and tags, subscriptions
 * (confirmed at once for queues, functions, phones and streams; pending for email and web endpoints, which
 * the sandbox never contacts), and Publish / PublishBatch, which deliver to the sandbox's subscribed SQS
 * queues in SNS's envelope or raw. Platform applications, SMS settings, permissions and data protection
 * policies are not simulated (they answer 501).
 */
import type { ServiceHandlers } from '../service.js';
import { publishHandlers } from './sns/publish.js';
import { subscriptionHandlers } from './sns/subscriptions.js';
import { topicHandlers } from './sns/topics.js';

export const handlers: ServiceHandlers = { ...topicHandlers, ...subscriptionHandlers, ...publishHandlers };
