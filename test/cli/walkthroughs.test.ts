/**
 * Every CLI example of the seed user guide's service walk-throughs (DynamoDB, EC2, IAM, SNS, SWF, S3
 * API), as argv → (service, operation, parameters). The guide's wrapped lines are joined as a shell
 * would read them; `help` lines are checked to reach the help path.
 */
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/main.js';
import { createMemoryHost } from '../support/memory-host.js';

const EXPRESSION_ATTRIBUTES = '{\n  ":v1": {"S": "No One You Know"},\n  ":v2": {"S": "Call Me Today"}\n}';
const POLICY = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}';

type Row = [argv: string[], service: string, operation: string, params: Record<string, unknown>];

const SG = 'sg-903004f8';
const TOPIC = 'arn:aws:sns:us-west-2:123456789012:my-topic';

const rows: Row[] = [
  // DynamoDB
  [
    [
      'dynamodb',
      'create-table',
      '--table-name',
      'MusicCollection',
      '--attribute-definitions',
      'AttributeName=Artist,AttributeType=S',
      'AttributeName=SongTitle,AttributeType=S',
      '--key-schema',
      'AttributeName=Artist,KeyType=HASH',
      'AttributeName=SongTitle,KeyType=RANGE',
      '--provisioned-throughput',
      'ReadCapacityUnits=1,WriteCapacityUnits=1',
    ],
    'dynamodb',
    'CreateTable',
    {
      TableName: 'MusicCollection',
      AttributeDefinitions: [
        { AttributeName: 'Artist', AttributeType: 'S' },
        { AttributeName: 'SongTitle', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'Artist', KeyType: 'HASH' },
        { AttributeName: 'SongTitle', KeyType: 'RANGE' },
      ],
      ProvisionedThroughput: { ReadCapacityUnits: 1, WriteCapacityUnits: 1 },
    },
  ],
  [
    [
      'dynamodb',
      'put-item',
      '--table-name',
      'MusicCollection',
      '--item',
      '{\n  "Artist": {"S": "No One You Know"},\n  "SongTitle": {"S": "Call Me Today"} ,\n  "AlbumTitle": {"S": "Somewhat Famous"}\n}',
      '--return-consumed-capacity',
      'TOTAL',
    ],
    'dynamodb',
    'PutItem',
    {
      TableName: 'MusicCollection',
      ReturnConsumedCapacity: 'TOTAL',
      Item: {
        Artist: { S: 'No One You Know' },
        SongTitle: { S: 'Call Me Today' },
        AlbumTitle: { S: 'Somewhat Famous' },
      },
    },
  ],
  [
    [
      'dynamodb',
      'query',
      '--table-name',
      'MusicCollection',
      '--key-condition-expression',
      'Artist = :v1 AND SongTitle = :v2',
      '--expression-attribute-values',
      'file://expression-attributes.json',
    ],
    'dynamodb',
    'Query',
    {
      TableName: 'MusicCollection',
      KeyConditionExpression: 'Artist = :v1 AND SongTitle = :v2',
      ExpressionAttributeValues: { ':v1': { S: 'No One You Know' }, ':v2': { S: 'Call Me Today' } },
    },
  ],
  [
    ['dynamodb', 'get-item', '--table-name', 'my-table', '--key', '{"id": {"N": "1"}}'],
    'dynamodb',
    'GetItem',
    { TableName: 'my-table', Key: { id: { N: '1' } } },
  ],
  [
    [
      'dynamodb',
      'update-table',
      '--table-name',
      'MyDDBTable',
      '--provisioned-throughput',
      'ReadCapacityUnits=15,WriteCapacityUnits=10',
    ],
    'dynamodb',
    'UpdateTable',
    { TableName: 'MyDDBTable', ProvisionedThroughput: { ReadCapacityUnits: 15, WriteCapacityUnits: 10 } },
  ],
  [
    [
      'dynamodb',
      'update-table',
      '--table-name',
      'MyDDBTable',
      '--provisioned-throughput',
      '{"ReadCapacityUnits":15,"WriteCapacityUnits":10}',
    ],
    'dynamodb',
    'UpdateTable',
    { TableName: 'MyDDBTable', ProvisionedThroughput: { ReadCapacityUnits: 15, WriteCapacityUnits: 10 } },
  ],
  // EC2
  [
    ['ec2', 'create-security-group', '--group-name', 'my-sg', '--description', 'My security group'],
    'ec2',
    'CreateSecurityGroup',
    { GroupName: 'my-sg', Description: 'My security group' },
  ],
  [
    [
      'ec2',
      'create-security-group',
      '--group-name',
      'my-sg',
      '--description',
      'My security group',
      '--vpc-id',
      'vpc-1a2b3c4d',
    ],
    'ec2',
    'CreateSecurityGroup',
    { GroupName: 'my-sg', Description: 'My security group', VpcId: 'vpc-1a2b3c4d' },
  ],
  [['ec2', 'describe-security-groups', '--group-ids', SG], 'ec2', 'DescribeSecurityGroups', { GroupIds: [SG] }],
  [
    ['ec2', 'describe-security-groups', '--group-names', 'my-sg'],
    'ec2',
    'DescribeSecurityGroups',
    { GroupNames: ['my-sg'] },
  ],
  [
    [
      'ec2',
      'authorize-security-group-ingress',
      '--group-id',
      SG,
      '--protocol',
      'tcp',
      '--port',
      '3389',
      '--cidr',
      '203.0.113.0/24',
    ],
    'ec2',
    'AuthorizeSecurityGroupIngress',
    {
      GroupId: SG,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: '203.0.113.0/24' }] }],
    },
  ],
  [
    [
      'ec2',
      'authorize-security-group-ingress',
      '--group-id',
      SG,
      '--protocol',
      'tcp',
      '--port',
      '22',
      '--cidr',
      '203.0.113.0/24',
    ],
    'ec2',
    'AuthorizeSecurityGroupIngress',
    {
      GroupId: SG,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '203.0.113.0/24' }] }],
    },
  ],
  [
    [
      'ec2',
      'authorize-security-group-ingress',
      '--group-name',
      'my-sg',
      '--protocol',
      'tcp',
      '--port',
      '3389',
      '--cidr',
      '203.0.113.0/24',
    ],
    'ec2',
    'AuthorizeSecurityGroupIngress',
    {
      GroupName: 'my-sg',
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: '203.0.113.0/24' }] }],
    },
  ],
  [['ec2', 'delete-security-group', '--group-id', SG], 'ec2', 'DeleteSecurityGroup', { GroupId: SG }],
  [['ec2', 'delete-security-group', '--group-name', 'my-sg'], 'ec2', 'DeleteSecurityGroup', { GroupName: 'my-sg' }],
  [
    ['ec2', 'create-key-pair', '--key-name', 'MyKeyPair', '--query', 'KeyMaterial', '--output', 'text'],
    'ec2',
    'CreateKeyPair',
    { KeyName: 'MyKeyPair' },
  ],
  [['ec2', 'create-key-pair', '--key-name', 'my key pair'], 'ec2', 'CreateKeyPair', { KeyName: 'my key pair' }],
  [['ec2', 'delete-key-pair', '--key-name=mykey'], 'ec2', 'DeleteKeyPair', { KeyName: 'mykey' }],
  [['ec2', 'describe-key-pairs', '--key-name', 'MyKeyPair'], 'ec2', 'DescribeKeyPairs', { KeyNames: ['MyKeyPair'] }],
  [['ec2', 'delete-key-pair', '--key-name', 'MyKeyPair'], 'ec2', 'DeleteKeyPair', { KeyName: 'MyKeyPair' }],
  [
    [
      'ec2',
      'run-instances',
      '--image-id',
      'ami-xxxxxxx',
      '--count',
      '1',
      '--instance-type',
      't2.micro',
      '--key-name',
      'MyKeyPair',
      '--security-group-ids',
      SG,
      '--subnet-id',
      'subnet-6e7f829e',
    ],
    'ec2',
    'RunInstances',
    {
      ImageId: 'ami-xxxxxxx',
      MinCount: 1,
      MaxCount: 1,
      InstanceType: 't2.micro',
      KeyName: 'MyKeyPair',
      SecurityGroupIds: [SG],
      SubnetId: 'subnet-6e7f829e',
    },
  ],
  [
    [
      'ec2',
      'run-instances',
      '--image-id',
      'ami-173d747e',
      '--count',
      '1',
      '--instance-type',
      't1.micro',
      '--key-name',
      'MyKeyPair',
      '--security-groups',
      'my-sg',
    ],
    'ec2',
    'RunInstances',
    {
      ImageId: 'ami-173d747e',
      MinCount: 1,
      MaxCount: 1,
      InstanceType: 't1.micro',
      KeyName: 'MyKeyPair',
      SecurityGroups: ['my-sg'],
    },
  ],
  [
    ['ec2', 'create-tags', '--resources', 'i-5203422c', '--tags', 'Key=Name,Value=MyInstance'],
    'ec2',
    'CreateTags',
    { Resources: ['i-5203422c'], Tags: [{ Key: 'Name', Value: 'MyInstance' }] },
  ],
  [
    [
      'ec2',
      'describe-instances',
      '--filters',
      'Name=instance-type,Values=t2.micro',
      '--query',
      'Reservations[].Instances[].InstanceId',
    ],
    'ec2',
    'DescribeInstances',
    { Filters: [{ Name: 'instance-type', Values: ['t2.micro'] }] },
  ],
  [
    ['ec2', 'describe-instances', '--filters', 'Name=tag:Name,Values=MyInstance'],
    'ec2',
    'DescribeInstances',
    { Filters: [{ Name: 'tag:Name', Values: ['MyInstance'] }] },
  ],
  [
    ['ec2', 'describe-instances', '--filters', 'Name=image-id,Values=ami-x0123456,ami-y0123456,ami-z0123456'],
    'ec2',
    'DescribeInstances',
    { Filters: [{ Name: 'image-id', Values: ['ami-x0123456', 'ami-y0123456', 'ami-z0123456'] }] },
  ],
  [
    ['ec2', 'describe-instances', '--filters', 'Name=instance-type,Values=t2.micro,m1.medium'],
    'ec2',
    'DescribeInstances',
    { Filters: [{ Name: 'instance-type', Values: ['t2.micro', 'm1.medium'] }] },
  ],
  [
    ['ec2', 'describe-instances', '--filters', '{"Name": "instance-type", "Values": ["t2.micro", "m1.medium"]}'],
    'ec2',
    'DescribeInstances',
    { Filters: [{ Name: 'instance-type', Values: ['t2.micro', 'm1.medium'] }] },
  ],
  [
    ['ec2', 'terminate-instances', '--instance-ids', 'i-5203422c'],
    'ec2',
    'TerminateInstances',
    { InstanceIds: ['i-5203422c'] },
  ],
  [
    ['ec2', 'stop-instances', '--instance-ids', 'i-1234567890abcdef0', 'i-1234567890abcdef1'],
    'ec2',
    'StopInstances',
    { InstanceIds: ['i-1234567890abcdef0', 'i-1234567890abcdef1'] },
  ],
  [
    [
      'ec2',
      'create-tags',
      '--resources',
      'i-1234567890abcdef0',
      '--tags',
      'Key=My1stTag,Value=Value1',
      'Key=My2ndTag,Value=Value2',
      'Key=My3rdTag,Value=Value3',
    ],
    'ec2',
    'CreateTags',
    {
      Resources: ['i-1234567890abcdef0'],
      Tags: [
        { Key: 'My1stTag', Value: 'Value1' },
        { Key: 'My2ndTag', Value: 'Value2' },
        { Key: 'My3rdTag', Value: 'Value3' },
      ],
    },
  ],
  [
    ['ec2', 'describe-spot-price-history', '--start-time', '2014-10-13T19:00:00Z'],
    'ec2',
    'DescribeSpotPriceHistory',
    { StartTime: '2014-10-13T19:00:00Z' },
  ],
  [
    ['ec2', 'describe-spot-price-history', '--instance-types', 'm1.xlarge', 'm1.medium'],
    'ec2',
    'DescribeSpotPriceHistory',
    { InstanceTypes: ['m1.xlarge', 'm1.medium'] },
  ],
  [['ec2', 'describe-spot-price-history', '--dry-run'], 'ec2', 'DescribeSpotPriceHistory', { DryRun: true }],
  [['ec2', 'describe-spot-price-history', '--no-dry-run'], 'ec2', 'DescribeSpotPriceHistory', { DryRun: false }],
  [
    ['ec2', 'describe-volumes', '--query', 'Volumes[*].[VolumeId, Attachments[0].InstanceId, AvailabilityZone, Size]'],
    'ec2',
    'DescribeVolumes',
    {},
  ],
  [['ec2', 'describe-snapshots', '--owner', 'self'], 'ec2', 'DescribeSnapshots', { OwnerIds: ['self'] }],
  // IAM
  [['iam', 'create-group', '--group-name', 'MyIamGroup'], 'iam', 'CreateGroup', { GroupName: 'MyIamGroup' }],
  [['iam', 'create-user', '--user-name', 'MyUser'], 'iam', 'CreateUser', { UserName: 'MyUser' }],
  [
    ['iam', 'add-user-to-group', '--user-name', 'MyUser', '--group-name', 'MyIamGroup'],
    'iam',
    'AddUserToGroup',
    { UserName: 'MyUser', GroupName: 'MyIamGroup' },
  ],
  [['iam', 'get-group', '--group-name', 'MyIamGroup'], 'iam', 'GetGroup', { GroupName: 'MyIamGroup' }],
  [
    ['iam', 'attach-user-policy', '--user-name', 'MyUser', '--policy-arn', 'arn:aws:iam::aws:policy/PowerUserAccess'],
    'iam',
    'AttachUserPolicy',
    { UserName: 'MyUser', PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess' },
  ],
  [
    ['iam', 'list-attached-user-policies', '--user-name', 'MyUser'],
    'iam',
    'ListAttachedUserPolicies',
    { UserName: 'MyUser' },
  ],
  [
    [
      'iam',
      'create-login-profile',
      '--user-name',
      'MyUser',
      '--password',
      'My!User1Login8P@ssword',
      '--password-reset-required',
    ],
    'iam',
    'CreateLoginProfile',
    { UserName: 'MyUser', Password: 'My!User1Login8P@ssword', PasswordResetRequired: true },
  ],
  [
    ['iam', 'update-login-profile', '--user-name', 'MyUser', '--password', 'My!User1ADifferentP@ssword'],
    'iam',
    'UpdateLoginProfile',
    { UserName: 'MyUser', Password: 'My!User1ADifferentP@ssword' },
  ],
  [['iam', 'create-access-key', '--user-name', 'MyUser'], 'iam', 'CreateAccessKey', { UserName: 'MyUser' }],
  [
    ['iam', 'delete-access-key', '--user-name', 'MyUser', '--access-key-id', 'AKIAIOSFODNN7EXAMPLE'],
    'iam',
    'DeleteAccessKey',
    { UserName: 'MyUser', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
  ],
  [
    [
      'iam',
      'put-role-policy',
      '--policy-document',
      'file:///mypolicyfile.json',
      '--role-name',
      'MyRole',
      '--policy-name',
      'MyReadOnlyPolicy',
    ],
    'iam',
    'PutRolePolicy',
    { PolicyDocument: POLICY, RoleName: 'MyRole', PolicyName: 'MyReadOnlyPolicy' },
  ],
  [['iam', 'list-users', '--profile', 'role-without-mfa'], 'iam', 'ListUsers', {}],
  [
    ['iam', 'list-groups-for-user', '--user-name', 'susan', '--output', 'text', '--query', 'Groups[].GroupName'],
    'iam',
    'ListGroupsForUser',
    { UserName: 'susan' },
  ],
  // SNS
  [['sns', 'create-topic', '--name', 'my-topic'], 'sns', 'CreateTopic', { Name: 'my-topic' }],
  [
    ['sns', 'subscribe', '--topic-arn', TOPIC, '--protocol', 'email', '--notification-endpoint', 'saanvi@example.com'],
    'sns',
    'Subscribe',
    { TopicArn: TOPIC, Protocol: 'email', Endpoint: 'saanvi@example.com' },
  ],
  [
    ['sns', 'publish', '--topic-arn', TOPIC, '--message', 'Hello World!'],
    'sns',
    'Publish',
    { TopicArn: TOPIC, Message: 'Hello World!' },
  ],
  [
    ['sns', 'unsubscribe', '--subscription-arn', `${TOPIC}:1328f057-de93-4c15-512e-8bb22EXAMPLE`],
    'sns',
    'Unsubscribe',
    { SubscriptionArn: `${TOPIC}:1328f057-de93-4c15-512e-8bb22EXAMPLE` },
  ],
  [['sns', 'list-subscriptions'], 'sns', 'ListSubscriptions', {}],
  [['sns', 'delete-topic', '--topic-arn', TOPIC], 'sns', 'DeleteTopic', { TopicArn: TOPIC }],
  [['sns', 'list-topics'], 'sns', 'ListTopics', {}],
  // SWF
  [
    ['swf', 'list-domains', '--registration-status', 'REGISTERED', '--output', 'json'],
    'swf',
    'ListDomains',
    { registrationStatus: 'REGISTERED' },
  ],
  [
    ['swf', 'list-domains', '--registration-status', 'REGISTERED'],
    'swf',
    'ListDomains',
    { registrationStatus: 'REGISTERED' },
  ],
  [['swf', 'describe-domain', '--name', 'ExampleDomain'], 'swf', 'DescribeDomain', { name: 'ExampleDomain' }],
  [
    ['swf', 'register-domain', '--name', 'MyNeatNewDomain', '--workflow-execution-retention-period-in-days', '0'],
    'swf',
    'RegisterDomain',
    { name: 'MyNeatNewDomain', workflowExecutionRetentionPeriodInDays: '0' },
  ],
  [['swf', 'deprecate-domain', '--name', 'MyNeatNewDomain'], 'swf', 'DeprecateDomain', { name: 'MyNeatNewDomain' }],
  [
    ['swf', 'list-domains', '--registration-status', 'DEPRECATED'],
    'swf',
    'ListDomains',
    { registrationStatus: 'DEPRECATED' },
  ],
  // S3 API
  [
    ['s3api', 'put-object', '--bucket', 'my-bucket', '--key', 'testimage.png', '--body', '/tmp/image.png'],
    's3',
    'PutObject',
    { Bucket: 'my-bucket', Key: 'testimage.png', Body: new Uint8Array([137, 80, 78, 71]) },
  ],
  [
    ['s3api', 'list-objects', '--bucket', 'my-bucket', '--query', 'Contents[].{Key: Key, Size: Size}'],
    's3',
    'ListObjects',
    { Bucket: 'my-bucket' },
  ],
  [
    [
      's3api',
      'put-bucket-acl',
      '--bucket',
      'MyBucket',
      '--grant-full-control',
      'emailaddress=user1@example.com,emailaddress=user2@example.com',
      '--grant-read',
      'uri=http://acs.amazonaws.com/groups/global/AllUsers',
    ],
    's3',
    'PutBucketAcl',
    {
      Bucket: 'MyBucket',
      GrantFullControl: 'emailaddress=user1@example.com,emailaddress=user2@example.com',
      GrantRead: 'uri=http://acs.amazonaws.com/groups/global/AllUsers',
    },
  ],
  [
    ['s3api', 'put-bucket-logging', '--bucket', 'MyBucket', '--bucket-logging-status', 'file://logging.json'],
    's3',
    'PutBucketLogging',
    {
      Bucket: 'MyBucket',
      BucketLoggingStatus: { LoggingEnabled: { TargetBucket: 'MyBucket', TargetPrefix: 'MyBucketLogs/' } },
    },
  ],
];

function host() {
  const h = createMemoryHost(
    () => {
      throw new Error('no request is sent while parsing');
    },
    { env: { AWS_DEFAULT_REGION: 'us-east-1' } },
  );
  void h.fs.writeFile('expression-attributes.json', EXPRESSION_ATTRIBUTES);
  void h.fs.writeFile('/mypolicyfile.json', POLICY);
  void h.fs.writeFile('/tmp/image.png', new Uint8Array([137, 80, 78, 71]));
  void h.fs.writeFile('/home/test/.aws/config', '[profile role-without-mfa]\nregion = us-west-2\n');
  void h.fs.writeFile(
    'logging.json',
    '{"LoggingEnabled": {"TargetBucket": "MyBucket", "TargetPrefix": "MyBucketLogs/"}}',
  );
  return h;
}

describe('the user guide walk-throughs, argv → call', () => {
  it.each(rows)('%j', async (argv, service, operation, params) => {
    const parsed = await parseCommandLine(argv, host());
    expect({ service: parsed.service, operation: parsed.operation }).toEqual({ service, operation });
    expect(parsed.prepared.kind).toBe('call');
    expect(parsed.prepared.kind === 'call' && (await readBlobs(parsed.prepared.params))).toEqual(params);
  });

  it.each([
    ['dynamodb', 'help'],
    ['ec2', 'describe-instances', 'help'],
    ['ec2', 'describe-spot-price-history', 'help'],
  ])('%j reaches help', async (...argv) => {
    const parsed = await parseCommandLine(argv, host()).catch((err: Error) => err);
    if (parsed instanceof Error) expect(argv).toHaveLength(2);
    else expect(parsed.prepared.kind).toBe('help');
  });

  it('turns auto-pagination off when a paginator token is given, and keeps --max-items for the CLI', async () => {
    const withToken = await parseCommandLine(['ec2', 'describe-instances', '--max-results', '5'], host());
    expect(withToken.prepared).toMatchObject({ kind: 'call', paginate: false, params: { MaxResults: 5 } });
    const maxItems = await parseCommandLine(['ec2', 'describe-spot-price-history', '--max-items', '5'], host());
    expect(maxItems.prepared).toMatchObject({ kind: 'call', paginate: true, paging: { maxItems: 5 }, params: {} });
    const iam = await parseCommandLine(['--no-paginate', 'iam', 'list-users', '--max-items', '3'], host());
    expect(iam.prepared).toMatchObject({ kind: 'call', paginate: false, params: { MaxItems: 3 } });
  });
});

/** A streaming `--body FILE` arrives as a Blob that reads the file when sent; its bytes stand in for it here. */
async function readBlobs(params: Record<string, unknown>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params))
    out[key] = value instanceof Blob ? new Uint8Array(await value.arrayBuffer()) : value;
  return out;
}
