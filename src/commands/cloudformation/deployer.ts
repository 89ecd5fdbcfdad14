/**
 * The CloudFormation side of `cloudformation deploy` (the AWS CLI's deployer.py): a change set, CREATE for
 * a stack that does not exist yet and UPDATE for one that does, waited on; then, when asked, executed and
 * the stack waited on. Each step writes the line the CLI writes.
 */
import type { Client } from '../../core/client.js';
import { IsoawsError, ServiceError, WaiterError } from '../../core/errors.js';
import type { Host } from '../../core/host.js';

export interface ParameterValue {
  ParameterKey: string;
  ParameterValue?: string;
  UsePreviousValue?: boolean;
}

export interface ChangeSetRequest {
  stackName: string;
  /** The template's text, or where it was uploaded (a path-style S3 URL). */
  template: { body: string } | { url: string };
  parameters: ParameterValue[];
  capabilities: string[];
  roleArn?: string;
  notificationArns?: string[];
  tags: Array<{ Key: string; Value: string }>;
}

/** A change set with no changes: deploy says so and succeeds unless --fail-on-empty-changeset. */
export class ChangeEmptyError extends IsoawsError {
  override name = 'ChangeEmptyError';
  constructor(stackName: string) {
    super(`No changes to deploy. Stack ${stackName} is up to date`);
  }
}

export class DeployFailedError extends IsoawsError {
  override name = 'DeployFailedError';
  constructor(stackName: string) {
    super(
      `Failed to create/update the stack. Run the following command\nto fetch the list of events leading up to the failure\naws cloudformation describe-stack-events --stack-name ${stackName}`,
    );
  }
}

export class Deployer {
  constructor(
    private readonly client: Client,
    private readonly host: Host,
    private readonly signal?: AbortSignal,
  ) {}

  /** Whether the stack exists: one under review (a change set's CREATE not yet executed) does not. */
  async hasStack(stackName: string): Promise<boolean> {
    try {
      const out = await this.client.send(
        'cloudformation',
        'DescribeStacks',
        { StackName: stackName },
        { signal: this.signal },
      );
      const stacks = (out.Stacks ?? []) as Array<{ StackStatus?: string }>;
      return stacks.length === 1 && stacks[0]!.StackStatus !== 'REVIEW_IN_PROGRESS';
    } catch (err) {
      if (err instanceof ServiceError && err.message.includes(`Stack with id ${stackName} does not exist`))
        return false;
      throw err;
    }
  }

  /** Creates the change set; parameters left to their previous value go only where the stack has them. */
  async createChangeSet(req: ChangeSetRequest): Promise<{ id: string; type: 'CREATE' | 'UPDATE' }> {
    const now = this.host.now();
    const exists = await this.hasStack(req.stackName);
    let parameters = req.parameters;
    if (!exists) parameters = parameters.filter((p) => !p.UsePreviousValue);
    else {
      const summary = await this.client.send(
        'cloudformation',
        'GetTemplateSummary',
        { StackName: req.stackName },
        { signal: this.signal },
      );
      const existing = new Set(
        ((summary.Parameters ?? []) as Array<{ ParameterKey: string }>).map((p) => p.ParameterKey),
      );
      parameters = parameters.filter((p) => !(p.UsePreviousValue && !existing.has(p.ParameterKey)));
    }
    const type = exists ? 'UPDATE' : 'CREATE';
    const out = await this.client.send(
      'cloudformation',
      'CreateChangeSet',
      {
        ChangeSetName: `awscli-cloudformation-package-deploy-${Math.floor(now.getTime() / 1000)}`,
        StackName: req.stackName,
        ...('body' in req.template ? { TemplateBody: req.template.body } : {}),
        ChangeSetType: type,
        Parameters: parameters,
        Capabilities: req.capabilities,
        Description: `Created by AWS CLI at ${pythonIsoformat(now)} UTC`,
        Tags: req.tags,
        ...('url' in req.template ? { TemplateURL: req.template.url } : {}),
        ...(req.roleArn !== undefined ? { RoleARN: req.roleArn } : {}),
        ...(req.notificationArns !== undefined ? { NotificationARNs: req.notificationArns } : {}),
      },
      { signal: this.signal },
    );
    return { id: out.Id as string, type };
  }

  /** Waits for the change set; one that failed for having no changes is a ChangeEmptyError. */
  async waitForChangeSet(id: string, stackName: string): Promise<void> {
    this.host.stdout.write('\nWaiting for changeset to be created..\n');
    try {
      await this.client.waitFor(
        'cloudformation',
        'ChangeSetCreateComplete',
        { ChangeSetName: id, StackName: stackName },
        { delay: 5, signal: this.signal },
      );
    } catch (err) {
      if (!(err instanceof WaiterError)) throw err;
      const last = (err.lastResponse ?? {}) as { Status?: string; StatusReason?: string };
      const reason = last.StatusReason ?? '';
      // The CLI's own test, precedence and all: "No updates" counts whatever the status.
      if (
        (last.Status === 'FAILED' && reason.includes("The submitted information didn't contain changes.")) ||
        reason.includes('No updates are to be performed')
      )
        throw new ChangeEmptyError(stackName);
      throw new IsoawsError(`Failed to create the changeset: ${err.message} Status: ${last.Status}. Reason: ${reason}`);
    }
  }

  async execute(id: string, stackName: string, disableRollback: boolean): Promise<void> {
    await this.client.send(
      'cloudformation',
      'ExecuteChangeSet',
      { ChangeSetName: id, StackName: stackName, DisableRollback: disableRollback },
      { signal: this.signal },
    );
  }

  /** Waits for the stack to be created or updated: every 30 seconds, for up to an hour. */
  async waitForExecute(stackName: string, type: 'CREATE' | 'UPDATE'): Promise<void> {
    this.host.stdout.write('Waiting for stack create/update to complete\n');
    try {
      await this.client.waitFor(
        'cloudformation',
        type === 'CREATE' ? 'StackCreateComplete' : 'StackUpdateComplete',
        { StackName: stackName },
        { delay: 30, maxAttempts: 120, signal: this.signal },
      );
    } catch (err) {
      if (err instanceof WaiterError) throw new DeployFailedError(stackName);
      throw err;
    }
  }
}

/** Python's `datetime.isoformat()` of a UTC time: microseconds shown unless zero. */
function pythonIsoformat(date: Date): string {
  const iso = date.toISOString();
  const millis = iso.slice(20, 23);
  return millis === '000' ? iso.slice(0, 19) : `${iso.slice(0, 19)}.${millis}000`;
}
