/**
 * A small catalogue of AWS-managed policies, the ones a learner attaches most, so that attaching them
 * works as in AWS. Ids are AWS's; the longer documents (ReadOnlyAccess, DynamoDB) are abridged.
 */
export interface AwsManagedPolicy {
  name: string;
  id: string;
  description: string;
  defaultVersion: string;
  created: string;
  updated: string;
  statement: unknown[];
}

const allow = (action: string | string[], resource: string | string[] = '*') => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
});

export const AWS_MANAGED_POLICIES: readonly AwsManagedPolicy[] = [
  {
    name: 'AdministratorAccess',
    id: 'ANPAIWMBCKSKIEE64ZLYK',
    description: 'Provides full access to AWS services and resources.',
    defaultVersion: 'v1',
    created: '2015-02-06T18:39:46Z',
    updated: '2015-02-06T18:39:46Z',
    statement: [allow('*')],
  },
  {
    // The user guide's walk-through attaches this one (list-policies, then attach-user-policy).
    name: 'PowerUserAccess',
    id: 'ANPAJYRXTHIB4FOVS3ZXS',
    description:
      'Provides full access to AWS services and resources, but does not allow management of Users and groups.',
    defaultVersion: 'v1',
    created: '2015-02-06T18:39:47Z',
    updated: '2015-02-06T18:39:47Z',
    statement: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      allow([
        'iam:CreateServiceLinkedRole',
        'iam:DeleteServiceLinkedRole',
        'iam:ListRoles',
        'organizations:DescribeOrganization',
      ]),
    ],
  },
  {
    name: 'ReadOnlyAccess',
    id: 'ANPAILL3HVNFSB6DCOWYQ',
    description: 'Provides read-only access to AWS services and resources.',
    defaultVersion: 'v1',
    created: '2015-02-06T18:39:48Z',
    updated: '2015-02-06T18:39:48Z',
    statement: [
      allow([
        'cloudwatch:Describe*',
        'cloudwatch:Get*',
        'cloudwatch:List*',
        'dynamodb:BatchGet*',
        'dynamodb:Describe*',
        'dynamodb:Get*',
        'dynamodb:List*',
        'dynamodb:Query',
        'dynamodb:Scan',
        'ec2:Describe*',
        'ec2:Get*',
        'iam:Generate*',
        'iam:Get*',
        'iam:List*',
        'iam:Simulate*',
        'logs:Describe*',
        'logs:Get*',
        's3:Describe*',
        's3:Get*',
        's3:List*',
        'sns:Get*',
        'sns:List*',
        'sqs:Get*',
        'sqs:List*',
        'sqs:Receive*',
        'sts:GetCallerIdentity',
      ]),
    ],
  },
  {
    name: 'AmazonS3FullAccess',
    id: 'ANPAIFIR6V6BVTRAHWINE',
    description: 'Provides full access to all buckets via the AWS Management Console.',
    defaultVersion: 'v2',
    created: '2015-02-06T18:40:58Z',
    updated: '2021-09-27T20:16:37Z',
    statement: [allow(['s3:*', 's3-object-lambda:*'])],
  },
  {
    name: 'AmazonS3ReadOnlyAccess',
    id: 'ANPAIZTJ4DXE7G6AGAE6M',
    description: 'Provides read only access to all buckets via the AWS Management Console.',
    defaultVersion: 'v3',
    created: '2015-02-06T18:40:59Z',
    updated: '2023-08-10T21:31:39Z',
    statement: [allow(['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'])],
  },
  {
    name: 'IAMFullAccess',
    id: 'ANPAI7XKCFMBPM3QQRRVQ',
    description: 'Provides full access to IAM via the AWS Management Console.',
    defaultVersion: 'v2',
    created: '2015-02-06T18:40:38Z',
    updated: '2019-06-21T19:40:00Z',
    statement: [
      allow([
        'iam:*',
        'organizations:DescribeAccount',
        'organizations:DescribeOrganization',
        'organizations:DescribeOrganizationalUnit',
        'organizations:DescribePolicy',
        'organizations:ListChildren',
        'organizations:ListParents',
        'organizations:ListPoliciesForTarget',
        'organizations:ListRoots',
        'organizations:ListPolicies',
        'organizations:ListTargetsForPolicy',
      ]),
    ],
  },
  {
    name: 'AmazonDynamoDBFullAccess',
    id: 'ANPAINUGF2JSOSUY76KYA',
    description: 'Provides full access to Amazon DynamoDB via the AWS Management Console.',
    defaultVersion: 'v1',
    created: '2015-02-06T18:40:11Z',
    updated: '2015-02-06T18:40:11Z',
    statement: [
      allow([
        'dynamodb:*',
        'dax:*',
        'application-autoscaling:DeleteScalingPolicy',
        'application-autoscaling:DescribeScalableTargets',
        'application-autoscaling:PutScalingPolicy',
        'application-autoscaling:RegisterScalableTarget',
        'cloudwatch:DeleteAlarms',
        'cloudwatch:DescribeAlarms',
        'cloudwatch:GetMetricStatistics',
        'cloudwatch:PutMetricAlarm',
        'iam:GetRole',
        'iam:ListRoles',
        'kms:DescribeKey',
        'kms:ListAliases',
        'sns:ListTopics',
      ]),
    ],
  },
  {
    name: 'AmazonEC2FullAccess',
    id: 'ANPAI3VAJF5ZCRZ7MCQE6',
    description: 'Provides full access to Amazon EC2 via the AWS Management Console.',
    defaultVersion: 'v5',
    created: '2015-02-06T18:40:15Z',
    updated: '2018-11-27T02:16:56Z',
    statement: [
      allow('ec2:*'),
      allow('elasticloadbalancing:*'),
      allow('cloudwatch:*'),
      allow('autoscaling:*'),
      {
        ...allow('iam:CreateServiceLinkedRole'),
        Condition: {
          StringEquals: {
            'iam:AWSServiceName': [
              'autoscaling.amazonaws.com',
              'ec2scheduled.amazonaws.com',
              'elasticloadbalancing.amazonaws.com',
              'spot.amazonaws.com',
              'spotfleet.amazonaws.com',
              'transitgateway.amazonaws.com',
            ],
          },
        },
      },
    ],
  },
  {
    name: 'AmazonSQSFullAccess',
    id: 'ANPAI65L554VRJ33ECQS6',
    description: 'Provides full access to Amazon SQS via the AWS Management Console.',
    defaultVersion: 'v1',
    created: '2015-02-06T18:41:07Z',
    updated: '2015-02-06T18:41:07Z',
    statement: [allow(['sqs:*'])],
  },
  {
    name: 'AmazonSNSFullAccess',
    id: 'ANPAJWEKLCXXUNT2SOLSG',
    description: 'Provides full access to Amazon SNS via the AWS Management Console.',
    defaultVersion: 'v1',
    created: '2015-02-06T18:41:05Z',
    updated: '2015-02-06T18:41:05Z',
    statement: [allow(['sns:*'])],
  },
];
