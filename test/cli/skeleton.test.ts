/** --generate-cli-skeleton: input, yaml-input (with the CLI's comments) and output samples; nothing is sent. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli-app.js';
import { createMemoryHost, reply } from '../support/memory-host.js';

async function skeleton(...argv: string[]): Promise<string> {
  const host = createMemoryHost(() => reply(500), { env: { AWS_DEFAULT_REGION: 'us-east-1' } });
  expect(await runCli(argv, host)).toBe(0);
  expect(host.requests).toHaveLength(0);
  return host.out.join('');
}

describe('--generate-cli-skeleton', () => {
  it('input: empty values in model order, maps under KeyName, blobs null', async () => {
    expect(JSON.parse(await skeleton('sns', 'publish', '--generate-cli-skeleton'))).toEqual({
      TopicArn: '',
      TargetArn: '',
      PhoneNumber: '',
      Message: '',
      Subject: '',
      MessageStructure: '',
      MessageAttributes: { KeyName: { DataType: '', StringValue: '', BinaryValue: null } },
      MessageDeduplicationId: '',
      MessageGroupId: '',
    });
  });

  it('yaml-input: as aws-cli 2.9.19 prints it for dynamodb get-item (recorded)', async () => {
    expect(await skeleton('dynamodb', 'get-item', '--generate-cli-skeleton', 'yaml-input'))
      .toBe(`TableName: ''  # [REQUIRED] The name of the table containing the requested item.
Key: # [REQUIRED] A map of attribute names to AttributeValue objects, representing the primary key of the item to retrieve.
  KeyName:
    S: ''  # An attribute of type String.
    N: '' # An attribute of type Number.
    B: !!binary '' # An attribute of type Binary.
    SS: # An attribute of type String Set.
    - ''
    NS: # An attribute of type Number Set.
    - ''
    BS: # An attribute of type Binary Set.
    - !!binary ''
    M: # An attribute of type Map.
      KeyName: {}
    L: # An attribute of type List.
    - {}
    'NULL': true # An attribute of type Null.
    BOOL: true # An attribute of type Boolean.
AttributesToGet: # This is a legacy parameter.
- ''
ConsistentRead: true # Determines the read consistency model.
ReturnConsumedCapacity: INDEXES # Determines the level of detail about either provisioned or on-demand throughput consumption that is returned in the response. Valid values are: INDEXES, TOTAL, NONE.
ProjectionExpression: '' # A string that identifies one or more attributes to retrieve from the table.
ExpressionAttributeNames: # One or more substitution tokens for attribute names in an expression.
  KeyName: ''
`);
  });

  it('output: member names as sample values, printed in the chosen format', async () => {
    const text = await skeleton('sts', 'get-caller-identity', '--generate-cli-skeleton', 'output', '--output', 'text');
    expect(text).toBe('Account\tArn\tUserId\n');
  });
});
