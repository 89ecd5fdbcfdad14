/**
 * The one place model names are re-cased (house style 8): botocore's `xform_name`, which the AWS CLI
 * uses to turn `DescribeDBInstances` into `describe-db-instances` and `MaxItems` into `max-items`.
 */
import { operationNamesOf } from '../core/model/shapes.js';
import type { ServiceBundle } from '../core/model/types.js';
import { ADDED_COMMANDS, HIDDEN_COMMANDS, REMOVED_COMMANDS } from './customizations.js';

/** Names botocore's regexes get wrong, hard-coded in its `_xform_cache`. */
const SPECIAL: Record<string, string> = {
  CreateCachediSCSIVolume: 'create-cached-iscsi-volume',
  DescribeCachediSCSIVolumes: 'describe-cached-iscsi-volumes',
  DescribeStorediSCSIVolumes: 'describe-stored-iscsi-volumes',
  CreateStorediSCSIVolume: 'create-stored-iscsi-volume',
  ListHITsForQualificationType: 'list-hits-for-qualification-type',
  ExecutePartiQLStatement: 'execute-partiql-statement',
  ExecutePartiQLTransaction: 'execute-partiql-transaction',
  ExecutePartiQLBatch: 'execute-partiql-batch',
  AssociateWhatsAppBusinessAccount: 'associate-whatsapp-business-account',
  CreateWhatsAppMessageTemplate: 'create-whatsapp-message-template',
  CreateWhatsAppMessageTemplateFromLibrary: 'create-whatsapp-message-template-from-library',
  CreateWhatsAppMessageTemplateMedia: 'create-whatsapp-message-template-media',
  DeleteWhatsAppMessageMedia: 'delete-whatsapp-message-media',
  DeleteWhatsAppMessageTemplate: 'delete-whatsapp-message-template',
  DisassociateWhatsAppBusinessAccount: 'disassociate-whatsapp-business-account',
  GetLinkedWhatsAppBusinessAccount: 'get-linked-whatsapp-business-account',
  GetLinkedWhatsAppBusinessAccountPhoneNumber: 'get-linked-whatsapp-business-account-phone-number',
  GetOTelEnrichment: 'get-otel-enrichment',
  GetWhatsAppMessageMedia: 'get-whatsapp-message-media',
  GetWhatsAppMessageTemplate: 'get-whatsapp-message-template',
  ListLinkedWhatsAppBusinessAccounts: 'list-linked-whatsapp-business-accounts',
  ListWhatsAppMessageTemplates: 'list-whatsapp-message-templates',
  ListWhatsAppTemplateLibrary: 'list-whatsapp-template-library',
  PostWhatsAppMessageMedia: 'post-whatsapp-message-media',
  PutWhatsAppBusinessAccountEventDestinations: 'put-whatsapp-business-account-event-destinations',
  SendWhatsAppMessage: 'send-whatsapp-message',
  StartOTelEnrichment: 'start-otel-enrichment',
  StopOTelEnrichment: 'stop-otel-enrichment',
  UpdateWhatsAppMessageTemplate: 'update-whatsapp-message-template',
};

const cache = new Map<string, string>();

/** CamelCase → kebab-case exactly as botocore's `xform_name(name, '-')`. */
export function xformName(name: string): string {
  if (name.includes('-')) return name;
  let result = cache.get(name);
  if (result === undefined) {
    result = SPECIAL[name] ?? transform(name);
    cache.set(name, result);
  }
  return result;
}

function transform(name: string): string {
  // "GatewayARNs", "ListWebACLs": a pluralised acronym at the end becomes its own word.
  let n = name.replace(/[A-Z]{2,}s$/, (m) => `-${m.toLowerCase()}`);
  n = n.replace(/(.)([A-Z][a-z]+)/g, '$1-$2');
  return n.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/**
 * A service's operation commands, CLI name → modeled name, in the model's order: every operation but those
 * the AWS CLI removes, then the commands it adds for an operation under other names (customizations.ts).
 * Dispatch, help, completion and the shell read this one list.
 */
export function operationCommands(cliService: string, bundle: ServiceBundle): Map<string, string> {
  const removed = REMOVED_COMMANDS[cliService] ?? [];
  const commands = new Map<string, string>();
  const operations = operationNamesOf(bundle);
  for (const op of operations) {
    const name = xformName(op);
    if (!removed.includes(name)) commands.set(name, op);
  }
  for (const [name, op] of Object.entries(ADDED_COMMANDS[cliService] ?? {}))
    if (operations.includes(op)) commands.set(name, op);
  return commands;
}

/** The operation an old command name stands for, which the CLI accepts but no longer lists. */
export function hiddenCommand(cliService: string, name: string, bundle: ServiceBundle): string | undefined {
  const op = HIDDEN_COMMANDS[cliService]?.[name];
  return op !== undefined && operationNamesOf(bundle).includes(op) ? op : undefined;
}
