/**
 * The one registry of commands the service models do not describe (see src/cli/command.ts). Dispatch,
 * help, completion (`isoaws_completer`) and the shell read it; each command's module loads only when it
 * runs, so a record costs a start-up nothing.
 */
import type { CommandRecord } from '../cli/command.js';
import { xformName } from '../cli/names.js';
import { CONFIGURE_SUBCOMMANDS, GLACIER_COMMANDS, S3_COMMANDS, WIZARDS } from './names.js';

export const COMMANDS: readonly CommandRecord[] = [
  {
    name: 'configure',
    summary: 'Reads and changes the config and credentials files (set, get, list, sso, …).',
    subcommands: [...CONFIGURE_SUBCOMMANDS, 'help'],
    load: async () => (await import('./configure/index.js')).configureCommand,
  },
  {
    name: 's3',
    summary: 'High-level S3 commands: ls, cp, mv, rm, sync, mb, rb, presign, website.',
    subcommands: S3_COMMANDS,
    localPathSubcommands: ['cp', 'mv', 'sync'],
    load: async () => (await import('./s3/index.js')).s3Command,
  },
  {
    name: 'login',
    under: 'sso',
    summary: 'Signs in to IAM Identity Center and caches the token for SSO profiles.',
    load: async () => (await import('./sso/index.js')).loginCommand,
  },
  {
    name: 'logout',
    under: 'sso',
    summary: 'Signs out of IAM Identity Center and removes the cached tokens.',
    load: async () => (await import('./sso/index.js')).logoutCommand,
  },
  {
    name: GLACIER_COMMANDS[0],
    under: 'glacier',
    summary: 'Prints the SHA-256 tree hash of a file.',
    load: async () => (await import('./glacier/index.js')).treeHashCommand,
  },
  {
    name: GLACIER_COMMANDS[1],
    under: 'glacier',
    summary: 'Uploads a file as an archive, in parts, with its tree hash.',
    load: async () => (await import('./glacier/index.js')).uploadCommand,
  },
  {
    name: 'complete-multipart-upload',
    under: 'glacier',
    summary: 'Completes a multipart upload; with --file, works out --checksum and --archive-size.',
    load: async () => (await import('./glacier/index.js')).completeCommand,
  },
  {
    name: 'credential-helper',
    under: 'codecommit',
    summary: 'A git credential helper that signs HTTPS access to CodeCommit repositories.',
    subcommands: ['get', 'store', 'erase'],
    load: async () => (await import('./codecommit-credential-helper.js')).credentialHelperCommand,
  },
  {
    name: 'sign',
    under: 'cloudfront',
    summary: 'Signs a URL for CloudFront private content with a key pair’s private key.',
    load: async () => (await import('./cloudfront-sign.js')).signCommand,
  },
  {
    name: 'get-login-password',
    under: 'ecr',
    summary: 'Prints a password for an ECR registry, for docker login --password-stdin.',
    load: async () => (await import('./ecr.js')).getLoginPasswordCommand,
  },
  {
    name: 'get-login-password',
    under: 'ecr-public',
    summary: 'Prints a password for ECR Public, for docker login --password-stdin.',
    load: async () => (await import('./ecr.js')).getLoginPasswordCommand,
  },
  {
    name: 'generate-db-auth-token',
    under: 'rds',
    summary: 'Prints an IAM authentication token for an RDS database user (nothing is sent).',
    load: async () => (await import('./db-auth-token.js')).rdsTokenCommand,
  },
  {
    name: 'generate-db-connect-auth-token',
    under: 'dsql',
    summary: 'Prints an IAM authentication token for an Aurora DSQL database role (nothing is sent).',
    load: async () => (await import('./db-auth-token.js')).dsqlConnectTokenCommand,
  },
  {
    name: 'generate-db-connect-admin-auth-token',
    under: 'dsql',
    summary: "Prints an IAM authentication token for an Aurora DSQL cluster's admin role (nothing is sent).",
    load: async () => (await import('./db-auth-token.js')).dsqlAdminTokenCommand,
  },
  {
    name: 'get-token',
    under: 'eks',
    summary: 'Prints a token for the Kubernetes API server of an EKS cluster, as kubectl asks for it.',
    load: async () => (await import('./eks-token.js')).getTokenCommand,
  },
  {
    name: 'tail',
    under: 'logs',
    summary: "Prints a log group's events, from all its streams; with --follow, as they come.",
    load: async () => (await import('./logs-tail.js')).tailCommand,
  },
  {
    name: 'deploy',
    under: 'cloudformation',
    summary: 'Deploys a template to a stack through a change set, creating the stack if need be.',
    load: async () => (await import('./cloudformation/deploy.js')).deployCommand,
  },
  {
    name: 'package',
    under: 'cloudformation',
    summary: 'Uploads the local artifacts a template names to S3 and prints the template pointing at them.',
    load: async () => (await import('./cloudformation/package.js')).packageCommand,
  },
  {
    name: 'login',
    under: 'codeartifact',
    summary: 'Sets up npm, pip, twine, NuGet or Swift to use a CodeArtifact repository with a fresh token.',
    load: async () => (await import('./codeartifact/login.js')).loginCommand,
  },
  {
    name: 'update-kubeconfig',
    under: 'eks',
    summary: "Writes an EKS cluster's cluster, user and context entries into a kubeconfig file for kubectl.",
    load: async () => (await import('./eks-kubeconfig.js')).updateKubeconfigCommand,
  },
  {
    name: 'get-status',
    under: 'configservice',
    summary: 'Reports the status of every AWS Config recorder and delivery channel.',
    load: async () => (await import('./configservice-status.js')).getStatusCommand,
  },
  {
    name: 'subscribe',
    under: 'configservice',
    summary: 'Sets up AWS Config: the S3 bucket and SNS topic, the recorder and delivery channel, recording started.',
    load: async () => (await import('./configservice-subscribe.js')).subscribeCommand,
  },
  {
    name: 'generate',
    under: 'servicecatalog',
    summary: 'Uploads a local CloudFormation template to S3 and makes a product or provisioning artifact of it.',
    subcommands: ['product', 'provisioning-artifact'],
    load: async () => (await import('./servicecatalog-generate.js')).generateCommand,
  },
  {
    name: 'upload-build',
    under: 'gamelift',
    summary: 'Zips a game server build folder and uploads it to GameLift as a new build.',
    load: async () => (await import('./gamelift/upload-build.js')).uploadBuildCommand,
  },
  {
    name: 'get-game-session-log',
    under: 'gamelift',
    summary: "Downloads a game session's compressed log file.",
    load: async () => (await import('./gamelift/game-session-log.js')).getGameSessionLogCommand,
  },
  {
    name: 'create-default-role',
    under: 'dlm',
    summary: 'Creates the IAM role Data Lifecycle Manager uses, with its managed policy, unless it exists.',
    load: async () => (await import('./dlm-default-role.js')).createDefaultRoleCommand,
  },
  {
    name: 'update-role-trust-policy',
    under: 'emr-containers',
    summary: "Lets EMR on EKS jobs in a cluster's namespace assume an IAM role, in the role's trust policy.",
    load: async () => (await import('./emr-containers/update-role-trust-policy.js')).updateRoleTrustPolicyCommand,
  },
  {
    name: 'create-role-associations',
    under: 'emr-containers',
    summary: "Associates an IAM role with EMR on EKS's service accounts through EKS Pod Identity.",
    load: async () => (await import('./emr-containers/role-associations.js')).createRoleAssociationsCommand,
  },
  {
    name: 'delete-role-associations',
    under: 'emr-containers',
    summary: "Deletes the EKS Pod Identity associations of EMR on EKS's service accounts.",
    load: async () => (await import('./emr-containers/role-associations.js')).deleteRoleAssociationsCommand,
  },
  {
    name: 'validate-logs',
    under: 'cloudtrail',
    summary: 'Checks the log files a trail delivered in a time range against its signed digest files.',
    load: async () => (await import('./cloudtrail/validate-logs.js')).validateLogsCommand,
  },
  {
    name: 'verify-query-results',
    under: 'cloudtrail',
    summary: "Checks a CloudTrail Lake query's exported result files against their signed sign file.",
    load: async () => (await import('./cloudtrail/verify-query-results.js')).verifyQueryResultsCommand,
  },
  {
    name: 'history',
    summary: 'Lists and shows the commands recorded while cli_history = enabled (list, show).',
    subcommands: ['show', 'list'],
    load: async () => (await import('./history/index.js')).historyCommand,
  },
  {
    name: 'sandbox',
    summary: 'Shows or empties the offline AWS that --sandbox talks to (status, reset).',
    subcommands: ['reset', 'status'],
    load: async () => (await import('./sandbox.js')).sandboxCommand,
  },
  {
    name: 'wait',
    under: '*',
    applies: (bundle) => bundle.waiters !== undefined,
    modelSubcommands: (bundle) => Object.keys(bundle.waiters ?? {}).map((name) => xformName(name)),
    summary: "Waits until a resource reaches a state (the service's waiters).",
    load: async () => (await import('./wait.js')).waitCommand,
  },
  // CodeDeploy (src/commands/deploy/): bundle-and-upload and the on-premises instance commands.
  {
    name: 'push',
    under: 'deploy',
    summary: 'Zips a folder with its AppSpec file, uploads it to S3 and registers it as an application revision.',
    load: async () => (await import('./deploy/push.js')).pushCommand,
  },
  {
    name: 'register',
    under: 'deploy',
    summary:
      'Registers an on-premises instance, with an IAM user and the agent’s configuration file unless given a user.',
    load: async () => (await import('./deploy/register.js')).registerCommand,
  },
  {
    name: 'deregister',
    under: 'deploy',
    summary: 'Deregisters an on-premises instance, removes its tags and deletes its IAM user unless told not to.',
    load: async () => (await import('./deploy/deregister.js')).deregisterCommand,
  },
  // The EMR commands of the CLI's own (emr/emr.py); those named as operations replace them.
  {
    name: 'create-cluster',
    under: 'emr',
    summary: 'Creates a cluster from shorthand: instance groups or fleets, applications, steps, roles, EMRFS.',
    load: async () => (await import('./emr/create-cluster.js')).createClusterCommand,
  },
  {
    name: 'describe-cluster',
    under: 'emr',
    summary: 'Describes a cluster with its instance groups (or fleets) and bootstrap actions.',
    load: async () => (await import('./emr/cluster-commands.js')).describeClusterCommand,
  },
  {
    name: 'terminate-clusters',
    under: 'emr',
    summary: 'Shuts down clusters.',
    load: async () => (await import('./emr/cluster-commands.js')).terminateClustersCommand,
  },
  {
    name: 'modify-cluster-attributes',
    under: 'emr',
    summary: "Turns a cluster's visibility to all users and its termination protection on or off.",
    load: async () => (await import('./emr/cluster-commands.js')).modifyClusterAttributesCommand,
  },
  {
    name: 'add-steps',
    under: 'emr',
    summary: 'Adds steps (custom JAR, streaming, Hive, Pig, Impala, Spark) to a cluster.',
    load: async () => (await import('./emr/cluster-commands.js')).addStepsCommand,
  },
  {
    name: 'add-instance-groups',
    under: 'emr',
    summary: 'Adds instance groups to a running cluster.',
    load: async () => (await import('./emr/cluster-commands.js')).addInstanceGroupsCommand,
  },
  {
    name: 'install-applications',
    under: 'emr',
    summary: 'Installs Hive or Pig on a running AMI-version cluster.',
    load: async () => (await import('./emr/cluster-commands.js')).installApplicationsCommand,
  },
  {
    name: 'restore-from-hbase-backup',
    under: 'emr',
    summary: 'Adds a step restoring HBase from a backup in S3 (AMI-version clusters).',
    load: async () => (await import('./emr/hbase.js')).restoreFromHBaseBackupCommand,
  },
  {
    name: 'create-hbase-backup',
    under: 'emr',
    summary: 'Adds a step backing HBase up to S3 (AMI-version clusters).',
    load: async () => (await import('./emr/hbase.js')).createHBaseBackupCommand,
  },
  {
    name: 'schedule-hbase-backup',
    under: 'emr',
    summary: 'Adds a step scheduling HBase backups to S3 (AMI-version clusters).',
    load: async () => (await import('./emr/hbase.js')).scheduleHBaseBackupCommand,
  },
  {
    name: 'disable-hbase-backups',
    under: 'emr',
    summary: 'Adds a step stopping scheduled HBase backups (AMI-version clusters).',
    load: async () => (await import('./emr/hbase.js')).disableHBaseBackupsCommand,
  },
  {
    name: 'create-default-roles',
    under: 'emr',
    summary: "Creates EMR's default IAM roles and instance profile, and names them in the profile's emr settings.",
    load: async () => (await import('./emr/create-default-roles.js')).createDefaultRolesCommand,
  },
  {
    name: 'ssh',
    under: 'emr',
    summary: "Opens an SSH session (or runs a command) on a cluster's master node.",
    load: async () => (await import('./emr/ssh.js')).sshCommandModule,
  },
  {
    name: 'socks',
    under: 'emr',
    summary: "Opens a SOCKS tunnel on port 8157 to a cluster's master node.",
    load: async () => (await import('./emr/ssh.js')).socksCommand,
  },
  {
    name: 'put',
    under: 'emr',
    summary: "Copies a local file to a cluster's master node with scp.",
    load: async () => (await import('./emr/ssh.js')).putCommand,
  },
  {
    name: 'get',
    under: 'emr',
    summary: "Copies a file from a cluster's master node with scp.",
    load: async () => (await import('./emr/ssh.js')).getCommand,
  },
  // Data Pipeline's commands of the CLI's own (src/commands/datapipeline/).
  {
    name: 'list-runs',
    under: 'datapipeline',
    summary: "Lists a pipeline's runs, filtered by status and by start or scheduled-start interval, as a table.",
    load: async () => (await import('./datapipeline/list-runs.js')).listRunsCommand,
  },
  {
    name: 'create-default-roles',
    under: 'datapipeline',
    summary: 'Creates the IAM roles and instance profile Data Pipeline uses by default, unless they exist.',
    load: async () => (await import('./datapipeline/default-roles.js')).createDefaultRolesCommand,
  },
  // DynamoDB's high-level commands (src/commands/ddb/).
  {
    name: 'ddb',
    summary: 'High-level DynamoDB commands: select and put items as plain YAML values.',
    subcommands: ['select', 'put'],
    load: async () => (await import('./ddb/index.js')).ddbCommand,
  },
  // CloudWatch Logs Live Tail (src/commands/live-tail/): replaces the modeled start-live-tail, as in the CLI.
  {
    name: 'start-live-tail',
    under: 'logs',
    summary: 'Prints the log events of a Live Tail session on log groups as they are ingested, until Ctrl-C.',
    load: async () => (await import('./live-tail/start-live-tail.js')).startLiveTailCommand,
  },
  // EC2 Instance Connect's commands of the CLI's own (src/commands/ec2-instance-connect/).
  {
    name: 'ssh',
    under: 'ec2-instance-connect',
    summary:
      'Runs ssh to an instance, with a pushed one-time key, directly or through an EC2 Instance Connect Endpoint.',
    load: async () => (await import('./ec2-instance-connect/ssh.js')).sshCommand,
  },
  {
    name: 'open-tunnel',
    under: 'ec2-instance-connect',
    summary:
      'Opens a tunnel to a port of an instance through an EC2 Instance Connect Endpoint (stdin/stdout or a local port).',
    load: async () => (await import('./ec2-instance-connect/open-tunnel.js')).openTunnelCommand,
  },
  // Console credentials (src/commands/login/): login_session profiles.
  {
    name: 'login',
    summary: 'Signs in with AWS console credentials and sets the profile to use the session (login_session).',
    load: async () => (await import('./login/index.js')).loginCommand,
  },
  {
    name: 'logout',
    summary: 'Removes the cached credentials of login sessions.',
    load: async () => (await import('./login/index.js')).logoutCommand,
  },
  // ECS's commands of the CLI's own (src/commands/ecs/).
  {
    name: 'deploy',
    under: 'ecs',
    summary:
      'Deploys a new task definition to an ECS service through a CodeDeploy blue/green deployment, and waits for it.',
    load: async () => (await import('./ecs/deploy.js')).deployCommand,
  },
  {
    name: 'monitor-express-gateway-service',
    under: 'ecs',
    summary: "Follows an Express gateway service's resources, printing each change with the time, until Ctrl-C.",
    load: async () => (await import('./ecs/monitor-express-gateway-service.js')).monitorCommand,
  },
  // The wizards of the services that have them (src/commands/wizard/); configure's is `configure wizard`.
  ...Object.entries(WIZARDS)
    .filter(([command]) => command !== 'configure')
    .map(([command, names]): CommandRecord => ({
      name: 'wizard',
      under: command,
      summary: 'Asks step by step what to create, shows the equivalent commands, and creates it.',
      subcommands: names,
      load: async () => (await import('./wizard/command.js')).wizardCommand(command),
    })),
  // The AWS Agent Toolkit's commands of the CLI's own (src/commands/agent-toolkit/): skills for AI coding agents.
  {
    name: 'get-skill-file',
    under: 'agent-toolkit',
    summary: 'Prints one file of a skill, at its latest version or --skill-version.',
    load: async () => (await import('./agent-toolkit/get-skill-file.js')).getSkillFileCommand,
  },
  {
    name: 'add-skill',
    under: 'agent-toolkit',
    summary: 'Downloads a skill, checks it and installs it for the AI coding agents found (or --agent).',
    load: async () => (await import('./agent-toolkit/add-skill.js')).addSkillCommand,
  },
  {
    name: 'list-installed-skills',
    under: 'agent-toolkit',
    summary: 'Lists the skills installed for the AI coding agents found (or --agent).',
    load: async () => (await import('./agent-toolkit/list-installed-skills.js')).listInstalledSkillsCommand,
  },
  {
    name: 'remove-skill',
    under: 'agent-toolkit',
    summary: 'Removes an installed skill from the AI coding agents found (or --agent).',
    load: async () => (await import('./agent-toolkit/remove-skill.js')).removeSkillCommand,
  },
  {
    name: 'update-skill',
    under: 'agent-toolkit',
    summary: 'Installs the latest version of a skill where an older one is installed.',
    load: async () => (await import('./agent-toolkit/update-skill.js')).updateSkillCommand,
  },
];
