/**
 * The playground's lessons, written from the AWS CLI User Guide (seed 002) and its page on endpoints
 * (seed 003): each step's command is one the real AWS CLI accepts, and its check reads back from the
 * sandbox (or from the step's output, for a step that only looks) what the command should have done.
 *
 * The commands assume the sandbox: account 123456789012, region us-east-1 unless a profile says
 * otherwise. Every lesson names its resources `lesson-<id>-…`, so each runs on a fresh sandbox and after
 * all the others in the same one. The working directory is the home directory, as in a terminal just
 * opened (the page's host says so), so `s3 cp` and `s3 sync` take names relative to it; `file://` and
 * `--body` paths are written `~/…`, which the CLI expands itself; `get-object`'s output file is written
 * `~/…` too, which a terminal's shell expands before the CLI sees it.
 */
import type { CheckContext, Lesson, LessonStep } from './lesson-types.js';

type Check = NonNullable<LessonStep['check']>;

/** The sandbox's account and default region, which ARNs and queue URLs in the commands spell out. */
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';

/** A member deep inside a decoded answer (`at(output, 'Table', 'TableStatus')`), or undefined. */
function at(value: unknown, ...path: Array<string | number>): unknown {
  let here = value;
  for (const key of path) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<string | number, unknown>)[key];
  }
  return here;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A call's answer, or undefined when it fails: to a check, a missing resource is an error like any other. */
async function ask(
  ctx: CheckContext,
  service: string,
  operation: string,
  params: Record<string, unknown> = {},
): Promise<Record<string, unknown> | undefined> {
  try {
    return await ctx.send(service, operation, params);
  } catch {
    return undefined;
  }
}

/** The check of a step that only looks: its command ran and succeeded, and `test` accepts what it printed. */
function printed(says: string, test: (out: { stdout: string; stderr: string }) => string | undefined): Check {
  return {
    says,
    async run(ctx) {
      if (!ctx.run) return "Run the step's command to see its output.";
      if (ctx.run.code !== 0) {
        const reason = ctx.run.stderr.trim().split('\n').pop() ?? '';
        return `The command failed with exit code ${ctx.run.code}${reason ? `: ${reason}` : ''}`;
      }
      return test(ctx.run);
    },
  };
}

/** A check of the JSON a step printed: `test` gets it decoded. */
function printedJson(says: string, test: (value: unknown) => string | undefined): Check {
  return printed(says, ({ stdout }) => {
    const value = parseJson(stdout);
    return value === undefined ? 'The output is not JSON: run the command as written.' : test(value);
  });
}

/** The check of a step that makes something: `test` looks for it in the sandbox. */
function made(says: string, test: (ctx: CheckContext) => Promise<string | undefined>): Check {
  return { says, run: test };
}

const RUN_IT = "run the step's command.";

// ---- 1. First commands and output formats ----

const firstCommands: Lesson = {
  id: 'first-commands',
  title: 'First commands and output formats',
  source: 'Controlling Command Output from the AWS CLI',
  steps: [
    {
      text:
        'A command names a service, then an operation, then its options: `aws sts get-caller-identity` asks AWS STS ' +
        'who is signing your requests. Typing the leading `aws` is optional here. The sandbox signs you in as the ' +
        'root user of its account, 123456789012, with nothing to configure.\n\n' +
        'The answer is JSON, the default output format: the easiest one for programs to read.',
      command: 'aws sts get-caller-identity',
      check: printedJson('The identity came back as JSON', (value) =>
        typeof at(value, 'Account') === 'string' && typeof at(value, 'Arn') === 'string'
          ? undefined
          : 'The JSON has no Account and Arn: run the command without options.',
      ),
    },
    {
      text:
        '`--output text` prints tab-separated values, one record per line, its columns in the alphabetical order of ' +
        'the keys. It suits `grep`, `awk` and `cut`. The guide advises pairing it with `--query`, so that the ' +
        'columns cannot move when a service adds a field.',
      command: 'aws sts get-caller-identity --output text',
      check: printed('The identity came out as one line of three tab-separated values', ({ stdout }) => {
        const lines = stdout.trim().split('\n');
        return lines.length === 1 && lines[0]!.split('\t').length === 3
          ? undefined
          : 'Expected one line of three values separated by tabs: add `--output text`.';
      }),
    },
    {
      text:
        '`--output table` draws the same data in boxes of `+`, `-` and `|`, under the name of the operation. It is ' +
        'the easiest format to read and the hardest to parse: keep it for people.',
      command: 'aws sts get-caller-identity --output table',
      check: printed('The identity came out as a table', ({ stdout }) =>
        stdout.includes('GetCallerIdentity') && /^\+-/m.test(stdout)
          ? undefined
          : 'Expected a table titled GetCallerIdentity: add `--output table`.',
      ),
    },
    {
      text:
        'Version 2 of the CLI adds `yaml` to the three formats of the guide. A format for every command can also ' +
        'come from the `output` setting of a profile or from the AWS_DEFAULT_OUTPUT environment variable; ' +
        '`--output` on the command line beats both.',
      command: 'aws sts get-caller-identity --output yaml',
      check: printed('The identity came out as YAML', ({ stdout }) =>
        /^Account: /m.test(stdout) ? undefined : 'Expected YAML lines such as `Account: …`: add `--output yaml`.',
      ),
    },
    {
      text:
        '`--query Account` keeps one value of the answer, and `--output text` prints it bare. This pair is how a ' +
        'script captures a value: in a Unix shell, `ACCOUNT=$(aws sts get-caller-identity --query Account --output ' +
        'text)`.',
      command: 'aws sts get-caller-identity --query Account --output text',
      check: printed('Only the account number was printed', ({ stdout }) =>
        /^\d{12}$/.test(stdout.trim())
          ? undefined
          : 'Expected the 12-digit account number alone: use `--query Account --output text`.',
      ),
    },
  ],
};

// ---- 2. --query ----

/** The users of the --query lesson, both under the path its listings ask for. */
const QUERY_USERS = { 'lesson-query-ana': '/lesson-query/ops/', 'lesson-query-bo': '/lesson-query/dev/' };

function queryUserMade(name: keyof typeof QUERY_USERS): Check {
  return made(`The user ${name} exists under ${QUERY_USERS[name]}`, async (ctx) => {
    const user = await ask(ctx, 'iam', 'GetUser', { UserName: name });
    if (!user) return `No IAM user named "${name}": ${RUN_IT}`;
    return at(user, 'User', 'Path') === QUERY_USERS[name]
      ? undefined
      : `The user ${name} is not under the path ${QUERY_USERS[name]}: delete it and run the step's command.`;
  });
}

const query: Lesson = {
  id: 'query',
  title: 'Filtering output with --query',
  source: 'How to Filter the Output with the --query Option',
  steps: [
    {
      text:
        '`--query` filters what the CLI prints, on your computer, once the service has answered. To have something ' +
        'to filter, create two IAM users under the path `/lesson-query/`: one in operations…',
      command: 'aws iam create-user --user-name lesson-query-ana --path /lesson-query/ops/',
      check: queryUserMade('lesson-query-ana'),
    },
    {
      text: '…and one in development.',
      command: 'aws iam create-user --user-name lesson-query-bo --path /lesson-query/dev/',
      check: queryUserMade('lesson-query-bo'),
    },
    {
      text:
        '`--path-prefix` is a filter the service applies; `--query` takes a JMESPath expression, applied afterwards. ' +
        '`Users[*]` goes through every element of the list and `.UserName` keeps one field of each. Single quotes ' +
        'keep the shell away from the brackets.',
      command: "aws iam list-users --path-prefix /lesson-query/ --query 'Users[*].UserName'",
      check: printedJson('A list of the two names was printed', (value) =>
        JSON.stringify(list(value).sort()) === JSON.stringify(Object.keys(QUERY_USERS))
          ? undefined
          : 'Expected ["lesson-query-ana", "lesson-query-bo"]: run the command as written after the first two steps.',
      ),
    },
    {
      text:
        '`[?…]` keeps the elements for which a condition holds. A literal value in a condition goes between ' +
        'backquotes, so only the user whose `Path` is /lesson-query/ops/ is left.',
      command: "aws iam list-users --path-prefix /lesson-query/ --query 'Users[?Path==`/lesson-query/ops/`].UserName'",
      check: printedJson('Only lesson-query-ana was left', (value) =>
        JSON.stringify(value) === '["lesson-query-ana"]'
          ? undefined
          : 'Expected ["lesson-query-ana"] alone: check the backquotes around the path.',
      ),
    },
    {
      text:
        'Braces build a new object from each element, with keys named as you like: a multiselect hash. With ' +
        '`--output table` those names become the column headings, in alphabetical order.',
      command:
        "aws iam list-users --path-prefix /lesson-query/ --query 'Users[*].{Name: UserName, Path: Path}' --output table",
      check: printed('A table with Name and Path columns was printed', ({ stdout }) =>
        ['Name', 'Path', 'lesson-query-ana', 'lesson-query-bo'].every((word) => stdout.includes(word))
          ? undefined
          : 'Expected a table with the columns Name and Path and both users.',
      ),
    },
    {
      text:
        'Square brackets build a list instead, a multiselect list, which keeps the order you wrote. With ' +
        '`--output text`, each user becomes one line with exactly those columns, in that order: the dependable ' +
        'text output the guide recommends for scripts.',
      command: "aws iam list-users --path-prefix /lesson-query/ --query 'Users[*].[UserName, Arn]' --output text",
      check: printed('Each user came out as a line: name, then ARN', ({ stdout }) =>
        stdout
          .split('\n')
          .some((line) => line === `lesson-query-ana\tarn:aws:iam::${ACCOUNT}:user/lesson-query/ops/lesson-query-ana`)
          ? undefined
          : 'Expected lines of a user name, a tab and its ARN.',
      ),
    },
    {
      text:
        'JMESPath has functions: `length` counts, `sort_by` orders a list by the field after `&`, and `[-1]` takes ' +
        'the last element. The guide finds the newest machine image with the same tools, ' +
        '`sort_by(Images, &CreationDate)[-1]`.',
      command:
        "aws iam list-users --path-prefix /lesson-query/ --query '{Count: length(Users), Last: sort_by(Users, &UserName)[-1].UserName}'",
      check: printedJson('The count and the last name were printed', (value) =>
        at(value, 'Count') === 2 && at(value, 'Last') === 'lesson-query-bo'
          ? undefined
          : 'Expected {"Count": 2, "Last": "lesson-query-bo"}.',
      ),
    },
  ],
};

// ---- 3. Shorthand, JSON and file:// ----

async function queueAttributes(ctx: CheckContext, name: string): Promise<Record<string, unknown> | undefined> {
  const url = at(await ask(ctx, 'sqs', 'GetQueueUrl', { QueueName: name }), 'QueueUrl');
  if (typeof url !== 'string') return undefined;
  const answer = await ask(ctx, 'sqs', 'GetQueueAttributes', { QueueUrl: url, AttributeNames: ['All'] });
  const attributes = at(answer, 'Attributes');
  return attributes && typeof attributes === 'object' ? (attributes as Record<string, unknown>) : {};
}

async function userTags(ctx: CheckContext, name: string): Promise<Record<string, unknown> | undefined> {
  const answer = await ask(ctx, 'iam', 'ListUserTags', { UserName: name });
  if (!answer) return undefined;
  return Object.fromEntries(list(answer.Tags).map((tag) => [at(tag, 'Key'), at(tag, 'Value')]));
}

const parameters: Lesson = {
  id: 'parameters',
  title: 'Shorthand, JSON and file:// parameters',
  source: 'Specifying Parameter Values for the AWS CLI',
  steps: [
    {
      text:
        'Shorthand syntax spares you JSON for flat structures: `Key=team,Value=blue` is one structure, as pairs ' +
        'separated by commas with no spaces. A list takes several values separated by spaces, so `--tags` gets two ' +
        'tags here.',
      command: 'aws iam create-user --user-name lesson-params-user --tags Key=team,Value=blue Key=stage,Value=test',
      check: made('The user lesson-params-user has the tags team and stage', async (ctx) => {
        const tags = await userTags(ctx, 'lesson-params-user');
        if (!tags) return `No IAM user named "lesson-params-user": ${RUN_IT}`;
        return tags.team === 'blue' && tags.stage === 'test'
          ? undefined
          : 'The user lacks the tags team=blue and stage=test.';
      }),
    },
    {
      text:
        'The same parameter also takes JSON, here a list of one object. Single quotes around it keep the shell off ' +
        'its double quotes and the space in "Jane Doe"; PowerShell and the Windows command prompt quote ' +
        'differently, as the guide shows.',
      command: `aws iam tag-user --user-name lesson-params-user --tags '[{"Key": "owner", "Value": "Jane Doe"}]'`,
      check: made('The user has the tag owner=Jane Doe', async (ctx) => {
        const tags = await userTags(ctx, 'lesson-params-user');
        if (!tags) return `No IAM user named "lesson-params-user": run the first step's command.`;
        return tags.owner === 'Jane Doe' ? undefined : `The user has no tag owner=Jane Doe: ${RUN_IT}`;
      }),
    },
    {
      text:
        'A map takes shorthand too: `name=value` pairs separated by commas. This queue keeps messages for 14 days ' +
        '(1,209,600 seconds); the next queue will move there the messages it fails to deliver.',
      command: 'aws sqs create-queue --queue-name lesson-params-dlq --attributes MessageRetentionPeriod=1209600',
      check: made('The queue lesson-params-dlq keeps messages for 14 days', async (ctx) => {
        const attributes = await queueAttributes(ctx, 'lesson-params-dlq');
        if (!attributes) return `No queue named "lesson-params-dlq": ${RUN_IT}`;
        return attributes.MessageRetentionPeriod === '1209600'
          ? undefined
          : 'The queue does not keep messages for 1209600 seconds.';
      }),
    },
    {
      text:
        'Long or nested values read better from a file: `file://` and a path load the parameter from it, and the ' +
        'CLI expands `~` itself. The file (see Files) sets `RedrivePolicy`, whose value is a JSON document inside a ' +
        'string, so its inner quotes are escaped.',
      command:
        'aws sqs create-queue --queue-name lesson-params-queue --attributes file://~/lesson-params-attributes.json',
      files: {
        '~/lesson-params-attributes.json': `${JSON.stringify(
          {
            VisibilityTimeout: '60',
            RedrivePolicy: JSON.stringify({
              deadLetterTargetArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:lesson-params-dlq`,
              maxReceiveCount: '5',
            }),
          },
          null,
          2,
        )}\n`,
      },
      check: made('The queue lesson-params-queue sends failures to lesson-params-dlq', async (ctx) => {
        const attributes = await queueAttributes(ctx, 'lesson-params-queue');
        if (!attributes) return `No queue named "lesson-params-queue": ${RUN_IT}`;
        return String(attributes.RedrivePolicy).includes('lesson-params-dlq')
          ? undefined
          : 'The queue has no RedrivePolicy naming lesson-params-dlq: create it with the file.';
      }),
    },
    {
      text:
        '`--generate-cli-skeleton` prints every parameter of an operation as a JSON template, and sends nothing. ' +
        'Saved to a file and filled in, it becomes the input of the next step.',
      command: 'aws sqs create-queue --generate-cli-skeleton',
      check: printedJson('A JSON template was printed', (value) =>
        at(value, 'QueueName') !== undefined ? undefined : 'Expected a template with a QueueName member.',
      ),
    },
    {
      text:
        "`--cli-input-json` takes all of an operation's parameters from such a document (see Files). Its keys are " +
        "the API's names, such as `QueueName` for `--queue-name`: one more reason to start from a skeleton.",
      command: 'aws sqs create-queue --cli-input-json file://~/lesson-params-input.json',
      files: {
        '~/lesson-params-input.json': `${JSON.stringify(
          { QueueName: 'lesson-params-from-file', Attributes: { DelaySeconds: '5' }, tags: { lesson: 'parameters' } },
          null,
          2,
        )}\n`,
      },
      check: made('The queue lesson-params-from-file delays messages by 5 seconds', async (ctx) => {
        const attributes = await queueAttributes(ctx, 'lesson-params-from-file');
        if (!attributes) return `No queue named "lesson-params-from-file": ${RUN_IT}`;
        return attributes.DelaySeconds === '5' ? undefined : 'The queue does not delay messages by 5 seconds.';
      }),
    },
  ],
};

// ---- 4. Pagination ----

const PAGE_FILES = Object.fromEntries(
  Array.from({ length: 7 }, (_, i) => [`~/lesson-pagination/page-${i + 1}.txt`, `Page ${i + 1} of 7\n`]),
);
/** The token `--max-items 3` prints: botocore's resume token for "3 items into the first page", the same every time. */
const FIRST_TOKEN = 'eyJDb250aW51YXRpb25Ub2tlbiI6IG51bGwsICJib3RvX3RydW5jYXRlX2Ftb3VudCI6IDN9';
const keysOf = (names: number[]) => JSON.stringify(names.map((n) => `page-${n}.txt`));

const pagination: Lesson = {
  id: 'pagination',
  title: 'Pagination',
  source: 'Using AWS CLI Pagination Options',
  steps: [
    {
      text:
        'Paging needs a list long enough to page through, so start with a bucket. Bucket names are shared by all of ' +
        'AWS; the sandbox has a namespace of its own.',
      command: 'aws s3 mb s3://lesson-pagination-bucket',
      check: made('The bucket lesson-pagination-bucket exists', async (ctx) =>
        (await ask(ctx, 's3', 'HeadBucket', { Bucket: 'lesson-pagination-bucket' }))
          ? undefined
          : `No bucket named "lesson-pagination-bucket": ${RUN_IT}`,
      ),
    },
    {
      text:
        '`s3 sync` uploads the seven small files of the directory `lesson-pagination` (see Files), one object ' +
        'each. Local paths start at your home directory, where the terminal opens.',
      command: 'aws s3 sync lesson-pagination s3://lesson-pagination-bucket',
      files: PAGE_FILES,
      check: made('The bucket holds the seven pages', async (ctx) => {
        const answer = await ask(ctx, 's3', 'ListObjectsV2', { Bucket: 'lesson-pagination-bucket' });
        if (!answer) return 'No bucket named "lesson-pagination-bucket": run the first step\'s command.';
        const count = list(answer.Contents).length;
        return count >= 7 ? undefined : `The bucket holds ${count} objects, not 7: ${RUN_IT}`;
      }),
    },
    {
      text:
        'The CLI follows a list to its end by itself, asking for up to 1,000 items per call. `--page-size 2` makes ' +
        'it ask for two at a time: four calls instead of one, and the same seven keys. Smaller pages help when big ' +
        'ones time out.',
      command: "aws s3api list-objects-v2 --bucket lesson-pagination-bucket --page-size 2 --query 'Contents[].Key'",
      check: printedJson('All seven keys were printed', (value) =>
        list(value).length === 7 ? undefined : 'Expected the seven keys: the CLI should have fetched every page.',
      ),
    },
    {
      text:
        '`--max-items 3` prints three items only. As more remain, the output gains a `NextToken`, the point to ' +
        'resume from; the query here keeps both.',
      command:
        "aws s3api list-objects-v2 --bucket lesson-pagination-bucket --max-items 3 --query '{Keys: Contents[].Key, NextToken: NextToken}'",
      check: printedJson('Three keys and a NextToken were printed', (value) =>
        JSON.stringify(at(value, 'Keys')) === keysOf([1, 2, 3]) && typeof at(value, 'NextToken') === 'string'
          ? undefined
          : 'Expected the first three keys and a NextToken.',
      ),
    },
    {
      text:
        'Give that token to `--starting-token` for the next three; this command carries the token the last step ' +
        'printed. No `NextToken` in an output means nothing is left. The guide advises the same value for ' +
        '`--page-size` and `--max-items`, to keep the pages of the CLI in step with those of the service.',
      command: `aws s3api list-objects-v2 --bucket lesson-pagination-bucket --max-items 3 --starting-token ${FIRST_TOKEN} --query '{Keys: Contents[].Key, NextToken: NextToken}'`,
      check: printedJson('The next three keys were printed', (value) =>
        JSON.stringify(at(value, 'Keys')) === keysOf([4, 5, 6])
          ? undefined
          : 'Expected page-4.txt, page-5.txt and page-6.txt: pass the token of the previous step.',
      ),
    },
    {
      text:
        '`--no-paginate` makes exactly one call and prints that page as the service sent it. `--max-keys` is the ' +
        "page size of S3's own API, so two keys come back with `IsTruncated: true`; fetching the rest would be up " +
        'to you.',
      command:
        "aws s3api list-objects-v2 --bucket lesson-pagination-bucket --max-keys 2 --no-paginate --query '{Keys: Contents[].Key, IsTruncated: IsTruncated}'",
      check: printedJson('One page of two keys was printed', (value) =>
        list(at(value, 'Keys')).length === 2 && at(value, 'IsTruncated') === true
          ? undefined
          : 'Expected two keys and IsTruncated true: add `--no-paginate`.',
      ),
    },
  ],
};

// ---- 5. Profiles, settings and endpoints ----

/** The settings of `[profile NAME]` in ~/.aws/config, as written (`key = value`), or undefined without one. */
async function profileSettings(ctx: CheckContext, name: string): Promise<Record<string, string> | undefined> {
  const text = await ctx.readFile('~/.aws/config');
  if (text === undefined) return undefined;
  let inside = false;
  let found = false;
  const settings: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const section = /^\s*\[([^\]]*)\]/.exec(line);
    if (section) {
      inside = section[1]!.trim() === `profile ${name}`;
      found ||= inside;
      continue;
    }
    const setting = /^(\S[^=]*?)\s*=\s*(.*)$/.exec(line);
    if (inside && setting) settings[setting[1]!] = setting[2]!.trim();
  }
  return found ? settings : undefined;
}

function profileSetting(key: string, value: string): Check {
  return made(`The profile lesson-config has ${key} = ${value}`, async (ctx) => {
    const settings = await profileSettings(ctx, 'lesson-config');
    if (!settings) return `~/.aws/config has no [profile lesson-config] section: ${RUN_IT}`;
    return settings[key] === value ? undefined : `The profile lesson-config does not set ${key} = ${value}: ${RUN_IT}`;
  });
}

const profiles: Lesson = {
  id: 'profiles',
  title: 'Profiles, settings and endpoints',
  source: 'Configuring the AWS CLI; Using endpoints in the AWS CLI',
  steps: [
    {
      text:
        'A profile is a named set of settings. `configure set` writes one setting to `~/.aws/config`, here into the ' +
        'section `[profile lesson-config]`; access keys would go to `~/.aws/credentials`. The sandbox needs no ' +
        'keys, so a region is enough.',
      command: 'aws configure set region eu-west-1 --profile lesson-config',
      check: profileSetting('region', 'eu-west-1'),
    },
    {
      text: '`configure get` reads one setting back, from the profile `--profile` names, or from `default`.',
      command: 'aws configure get region --profile lesson-config',
      check: printed('The region eu-west-1 was printed', ({ stdout }) =>
        stdout.trim() === 'eu-west-1' ? undefined : 'Expected eu-west-1: set the region in the first step.',
      ),
    },
    {
      text:
        '`configure list` shows what a command would use and where each value comes from: the profile from ' +
        "`--profile`, the keys (the sandbox's own here), the region from the config file.",
      command: 'aws configure list --profile lesson-config',
      check: printed('The region was listed as coming from the config file', ({ stdout }) =>
        /region\s+eu-west-1\s+config-file/.test(stdout)
          ? undefined
          : 'Expected a line showing region eu-west-1 from config-file.',
      ),
    },
    {
      text:
        '`--profile` applies a profile to one command; setting AWS_PROFILE would apply it to a whole session. This ' +
        'request goes to eu-west-1, so its Availability Zones are eu-west-1a, b and c.',
      command:
        "aws ec2 describe-availability-zones --profile lesson-config --query 'AvailabilityZones[].ZoneName' --output text",
      check: printed('The zones of eu-west-1 were printed', ({ stdout }) =>
        stdout.includes('eu-west-1a') ? undefined : 'Expected the zones of eu-west-1: add `--profile lesson-config`.',
      ),
    },
    {
      text:
        'Settings have an order of precedence: command line options first, then environment variables such as ' +
        'AWS_DEFAULT_REGION, then the profile in the files. So `--region` overrides the region of the profile, for ' +
        'this one command.',
      command:
        "aws ec2 describe-availability-zones --profile lesson-config --region ap-southeast-2 --query 'AvailabilityZones[].ZoneName' --output text",
      check: printed('The zones of ap-southeast-2 were printed', ({ stdout }) =>
        stdout.includes('ap-southeast-2a') && !stdout.includes('eu-west-1')
          ? undefined
          : 'Expected the zones of ap-southeast-2: add `--region ap-southeast-2`.',
      ),
    },
    {
      text:
        'Endpoints have a ladder too. `endpoint_url` in a profile sends every service to that URL, a local emulator ' +
        "for example. Above it rank a `[services NAME]` section (named by the profile's `services` setting) that " +
        'gives single services their own `endpoint_url`, then AWS_ENDPOINT_URL, then AWS_ENDPOINT_URL_<SERVICE> ' +
        'such as AWS_ENDPOINT_URL_S3.',
      command: 'aws configure set endpoint_url http://localhost:4566 --profile lesson-config',
      check: profileSetting('endpoint_url', 'http://localhost:4566'),
    },
    {
      text:
        '`--debug` logs every step of a command on stderr: find the line `Endpoint for sts.GetCallerIdentity`, ' +
        'which names http://localhost:4566. The call still succeeds because the sandbox answers every endpoint; ' +
        'the real CLI would need something listening there.',
      command: 'aws sts get-caller-identity --profile lesson-config --debug',
      check: printed("The debug log shows the profile's endpoint", ({ stderr }) =>
        stderr.includes('http://localhost:4566')
          ? undefined
          : 'The debug log does not mention http://localhost:4566: set endpoint_url in the step before.',
      ),
    },
    {
      text:
        '`--endpoint-url` beats every configured endpoint, for one command: the log now names ' +
        'http://localhost:4567. To ignore configured endpoints for a while, the endpoints page of the guide offers ' +
        'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS.',
      command: 'aws sts get-caller-identity --profile lesson-config --endpoint-url http://localhost:4567 --debug',
      check: printed('The debug log shows the endpoint of the command line', ({ stderr }) =>
        stderr.includes('http://localhost:4567') && !stderr.includes('http://localhost:4566')
          ? undefined
          : 'The debug log should name http://localhost:4567 only: add `--endpoint-url http://localhost:4567`.',
      ),
    },
  ],
};

// ---- 6. S3 ----

const HELLO = 'Hello from the isoaws playground!\n';
const DATA = '{"lesson": "s3", "step": 5}\n';

async function objectExists(ctx: CheckContext, key: string): Promise<boolean> {
  return (await ask(ctx, 's3', 'HeadObject', { Bucket: 'lesson-s3-bucket', Key: key })) !== undefined;
}

function s3ObjectsMade(keys: string[]): Check {
  return made(`The bucket holds ${keys.join(' and ')}`, async (ctx) => {
    for (const key of keys)
      if (!(await objectExists(ctx, key))) return `No object ${key} in lesson-s3-bucket: ${RUN_IT}`;
    return undefined;
  });
}

const s3: Lesson = {
  id: 's3',
  title: 'Amazon S3: s3 and s3api',
  source: 'Using Amazon S3 with the AWS CLI',
  steps: [
    {
      text:
        'The CLI has two tiers for S3: `s3`, high-level commands that work like `cp`, `ls` and `rm`, and `s3api`, ' +
        'one command per API operation. `s3 mb` makes a bucket; its name takes lowercase letters, digits, hyphens ' +
        'and dots.',
      command: 'aws s3 mb s3://lesson-s3-bucket',
      check: made('The bucket lesson-s3-bucket exists', async (ctx) =>
        (await ask(ctx, 's3', 'HeadBucket', { Bucket: 'lesson-s3-bucket' }))
          ? undefined
          : `No bucket named "lesson-s3-bucket": ${RUN_IT}`,
      ),
    },
    {
      text:
        '`s3 cp` copies between your files and S3, either way, or from bucket to bucket; `hello.txt` is a file of ' +
        'your home directory (see Files), where local paths start. The key `notes/hello.txt` looks like a path: S3 ' +
        'calls the part before the slash a prefix, and listings show it as a folder.',
      command: 'aws s3 cp hello.txt s3://lesson-s3-bucket/notes/hello.txt',
      files: { '~/hello.txt': HELLO },
      check: s3ObjectsMade(['notes/hello.txt']),
    },
    {
      text:
        '`s3 sync` copies a directory tree, but only the files missing or different at the destination: a second ' +
        'run copies nothing. `--delete` also removes what the source no longer has, and `--exclude` and ' +
        '`--include` pick files by pattern.',
      command: 'aws s3 sync lesson-s3-site s3://lesson-s3-bucket/site',
      files: {
        '~/lesson-s3-site/index.html': '<h1>Lesson site</h1>\n',
        '~/lesson-s3-site/css/style.css': 'h1 { color: teal; }\n',
      },
      check: s3ObjectsMade(['site/index.html', 'site/css/style.css']),
    },
    {
      text:
        '`s3 ls` lists your buckets, or the objects of one. Without `--recursive` it stops at the first level and ' +
        'shows prefixes as `PRE notes/`. It calls ListObjectsV2, the `s3api list-objects-v2` of the pagination lesson.',
      command: 'aws s3 ls s3://lesson-s3-bucket --recursive',
      check: printed('The three objects were listed', ({ stdout }) =>
        ['notes/hello.txt', 'site/index.html', 'site/css/style.css'].every((key) => stdout.includes(key))
          ? undefined
          : 'Expected notes/hello.txt and the two site files: run the copy and sync steps first.',
      ),
    },
    {
      text:
        '`s3api` commands map one to one onto the operations of S3 and print its answer as it is. `put-object` ' +
        'uploads one object in one request, with what `s3 cp` would guess set by you, such as its content type.',
      command:
        'aws s3api put-object --bucket lesson-s3-bucket --key api/data.json --body ~/data.json --content-type application/json',
      files: { '~/data.json': DATA },
      check: made('The object api/data.json is stored as application/json', async (ctx) => {
        const head = await ask(ctx, 's3', 'HeadObject', { Bucket: 'lesson-s3-bucket', Key: 'api/data.json' });
        if (!head) return `No object api/data.json in lesson-s3-bucket: ${RUN_IT}`;
        return head.ContentType === 'application/json'
          ? undefined
          : 'The object is not stored as application/json: add `--content-type application/json`.';
      }),
    },
    {
      text:
        '`head-object` returns the metadata of an object (size, ETag, content type, last change) without its body: ' +
        'the cheap way to learn whether an object exists.',
      command: 'aws s3api head-object --bucket lesson-s3-bucket --key api/data.json',
      check: printedJson('The metadata of api/data.json was printed', (value) =>
        at(value, 'ContentType') === 'application/json' && at(value, 'ContentLength') === DATA.length
          ? undefined
          : 'Expected the metadata of api/data.json: upload it in the step before.',
      ),
    },
    {
      text:
        '`get-object` takes one more argument, the file to write the body to; the JSON it prints describes the ' +
        'object. The copy appears under Files.',
      command: 'aws s3api get-object --bucket lesson-s3-bucket --key api/data.json ~/data-copy.json',
      check: made('~/data-copy.json holds the object', async (ctx) => {
        const copy = await ctx.readFile('~/data-copy.json');
        if (copy === undefined) return `No file ~/data-copy.json: ${RUN_IT}`;
        return copy === DATA ? undefined : '~/data-copy.json differs from ~/data.json: run the command again.';
      }),
    },
    {
      text:
        '`s3 rm` deletes an object; with `--recursive` it deletes everything under a prefix, and `s3 rb --force` ' +
        'would empty the bucket and remove it.',
      command: 'aws s3 rm s3://lesson-s3-bucket/notes/hello.txt',
      check: made('notes/hello.txt is gone, the bucket stays', async (ctx) => {
        if (!(await ask(ctx, 's3', 'HeadBucket', { Bucket: 'lesson-s3-bucket' })))
          return 'No bucket named "lesson-s3-bucket": run the first step\'s command.';
        return (await objectExists(ctx, 'notes/hello.txt'))
          ? `The object notes/hello.txt is still in the bucket: ${RUN_IT}`
          : undefined;
      }),
    },
  ],
};

// ---- 7. DynamoDB ----

const MUSIC = 'lesson-dynamodb-music';
const ACME_KEY = { Artist: { S: 'Acme Band' }, SongTitle: { S: 'Happy Day' } };

function songStored(artist: string, title: string): Check {
  return made(`The song "${title}" by ${artist} is stored`, async (ctx) => {
    const answer = await ask(ctx, 'dynamodb', 'GetItem', {
      TableName: MUSIC,
      Key: { Artist: { S: artist }, SongTitle: { S: title } },
    });
    if (!answer) return `No table named "${MUSIC}": run the first step's command.`;
    return answer.Item ? undefined : `No item for "${title}" by ${artist}: ${RUN_IT}`;
  });
}

const dynamodb: Lesson = {
  id: 'dynamodb',
  title: 'Amazon DynamoDB',
  source: 'Using Amazon DynamoDB with the AWS CLI',
  steps: [
    {
      text:
        'A DynamoDB table declares only its key: here `Artist` (the partition key, `HASH`) and `SongTitle` (the sort ' +
        'key, `RANGE`), both strings (`S`). The table is CREATING for a moment, then ACTIVE; `aws dynamodb wait ' +
        'table-exists` waits for that.',
      command:
        'aws dynamodb create-table --table-name lesson-dynamodb-music --attribute-definitions AttributeName=Artist,AttributeType=S AttributeName=SongTitle,AttributeType=S --key-schema AttributeName=Artist,KeyType=HASH AttributeName=SongTitle,KeyType=RANGE --provisioned-throughput ReadCapacityUnits=1,WriteCapacityUnits=1',
      check: made(`The table ${MUSIC} exists`, async (ctx) =>
        (await ask(ctx, 'dynamodb', 'DescribeTable', { TableName: MUSIC }))
          ? undefined
          : `No table named "${MUSIC}": ${RUN_IT}`,
      ),
    },
    {
      text:
        '`put-item` writes a whole item. Every value states its type: `S` for a string, `N` for a number (written as ' +
        'a string), and `BOOL`, `L` and `M` among others. `--return-consumed-capacity TOTAL` adds the cost of the ' +
        'write.',
      command: `aws dynamodb put-item --table-name lesson-dynamodb-music --item '{"Artist": {"S": "No One You Know"}, "SongTitle": {"S": "Call Me Today"}, "AlbumTitle": {"S": "Somewhat Famous"}}' --return-consumed-capacity TOTAL`,
      check: songStored('No One You Know', 'Call Me Today'),
    },
    {
      text:
        'A second song, by another artist. The table fixes only the key attributes: the others may differ from ' +
        'item to item.',
      command: `aws dynamodb put-item --table-name lesson-dynamodb-music --item '{"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}, "AlbumTitle": {"S": "Songs About Life"}}' --return-consumed-capacity TOTAL`,
      check: songStored('Acme Band', 'Happy Day'),
    },
    {
      text: '`get-item` reads one item by its whole key, partition key and sort key.',
      command: `aws dynamodb get-item --table-name lesson-dynamodb-music --key '{"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}}'`,
      check: printedJson('The Acme Band song was printed', (value) =>
        at(value, 'Item', 'AlbumTitle', 'S') === 'Songs About Life'
          ? undefined
          : 'Expected the item of "Happy Day" by Acme Band: put it in the step before.',
      ),
    },
    {
      text:
        '`query` finds items by key with a key condition expression. Placeholders such as `:v1` stand for values, ' +
        'which `--expression-attribute-values` supplies, here from a file as in the guide (see Files).',
      command:
        'aws dynamodb query --table-name lesson-dynamodb-music --key-condition-expression "Artist = :v1 AND SongTitle = :v2" --expression-attribute-values file://~/lesson-dynamodb-values.json',
      files: {
        '~/lesson-dynamodb-values.json': '{\n  ":v1": {"S": "No One You Know"},\n  ":v2": {"S": "Call Me Today"}\n}\n',
      },
      check: printedJson('The query found one song', (value) =>
        at(value, 'Count') === 1 && at(value, 'Items', 0, 'SongTitle', 'S') === 'Call Me Today'
          ? undefined
          : 'Expected Count 1 and the song "Call Me Today".',
      ),
    },
    {
      text:
        '`update-item` changes attributes in place with an update expression: `SET Awards = :n` adds a number. ' +
        '`--return-values ALL_NEW` prints the item as it is now.',
      command: `aws dynamodb update-item --table-name lesson-dynamodb-music --key '{"Artist": {"S": "Acme Band"}, "SongTitle": {"S": "Happy Day"}}' --update-expression "SET Awards = :n" --expression-attribute-values '{":n": {"N": "1"}}' --return-values ALL_NEW`,
      check: made('The Acme Band song has Awards = 1', async (ctx) => {
        const answer = await ask(ctx, 'dynamodb', 'GetItem', { TableName: MUSIC, Key: ACME_KEY });
        if (!answer?.Item) return 'No item for "Happy Day" by Acme Band: run the third step\'s command.';
        return at(answer, 'Item', 'Awards', 'N') === '1' ? undefined : `The song has no Awards = 1: ${RUN_IT}`;
      }),
    },
    {
      text:
        '`scan` reads the whole table, and `--filter-expression` drops the items that do not match before the ' +
        'answer is sent. `ScannedCount` 2 against `Count` 1 shows that a filter saves output, not reading: prefer ' +
        '`query` when you know the key.',
      command: `aws dynamodb scan --table-name lesson-dynamodb-music --filter-expression "Awards >= :n" --expression-attribute-values '{":n": {"N": "1"}}'`,
      check: printedJson('The scan kept the song with an award', (value) =>
        at(value, 'Count') === 1 && at(value, 'Items', 0, 'Artist', 'S') === 'Acme Band'
          ? undefined
          : 'Expected one item, by Acme Band: give it Awards in the step before.',
      ),
    },
  ],
};

// ---- 8. IAM ----

const POWER_USER = 'arn:aws:iam::aws:policy/PowerUserAccess';

async function groupMembers(ctx: CheckContext): Promise<unknown[] | undefined> {
  const group = await ask(ctx, 'iam', 'GetGroup', { GroupName: 'lesson-iam-developers' });
  return group && list(group.Users).map((user) => at(user, 'UserName'));
}

const iam: Lesson = {
  id: 'iam',
  title: 'IAM users and groups',
  source: 'Using AWS Identity and Access Management from the AWS CLI',
  steps: [
    {
      text:
        'IAM groups give permissions to many users at once. The answer shows the ARN of the group, the name ' +
        'policies and other accounts use for it.',
      command: 'aws iam create-group --group-name lesson-iam-developers',
      check: made('The group lesson-iam-developers exists', async (ctx) =>
        (await groupMembers(ctx)) ? undefined : `No IAM group named "lesson-iam-developers": ${RUN_IT}`,
      ),
    },
    {
      text: 'A new user has no password, no access keys and no permissions yet.',
      command: 'aws iam create-user --user-name lesson-iam-jane',
      check: made('The user lesson-iam-jane exists', async (ctx) =>
        (await ask(ctx, 'iam', 'GetUser', { UserName: 'lesson-iam-jane' }))
          ? undefined
          : `No IAM user named "lesson-iam-jane": ${RUN_IT}`,
      ),
    },
    {
      text:
        '`add-user-to-group` prints nothing when it works, like many commands that change something: exit code 0 ' +
        'is the confirmation.',
      command: 'aws iam add-user-to-group --user-name lesson-iam-jane --group-name lesson-iam-developers',
      check: made('lesson-iam-jane is a member of lesson-iam-developers', async (ctx) => {
        const members = await groupMembers(ctx);
        if (!members) return 'No IAM group named "lesson-iam-developers": run the first step\'s command.';
        return members.includes('lesson-iam-jane') ? undefined : `lesson-iam-jane is not in the group: ${RUN_IT}`;
      }),
    },
    {
      text: '`get-group` shows a group with its members; the query keeps their names.',
      command: "aws iam get-group --group-name lesson-iam-developers --query 'Users[].UserName'",
      check: printedJson('The member list was printed', (value) =>
        list(value).includes('lesson-iam-jane') ? undefined : 'Expected lesson-iam-jane among the members.',
      ),
    },
    {
      text:
        'Policies managed by AWS have ARNs under `arn:aws:iam::aws:policy/`. As in the guide, `list-policies` and a ' +
        'query find the ARN of the one named PowerUserAccess.',
      command: "aws iam list-policies --scope AWS --query 'Policies[?PolicyName==`PowerUserAccess`].Arn' --output text",
      check: printed('The ARN of PowerUserAccess was printed', ({ stdout }) =>
        stdout.trim() === POWER_USER ? undefined : `Expected ${POWER_USER}.`,
      ),
    },
    {
      text:
        'A policy attached to a group applies to every member, present and future. PowerUserAccess allows ' +
        'everything but most of IAM and AWS Organizations.',
      command: `aws iam attach-group-policy --group-name lesson-iam-developers --policy-arn ${POWER_USER}`,
      check: made('PowerUserAccess is attached to the group', async (ctx) => {
        const answer = await ask(ctx, 'iam', 'ListAttachedGroupPolicies', { GroupName: 'lesson-iam-developers' });
        if (!answer) return 'No IAM group named "lesson-iam-developers": run the first step\'s command.';
        return list(answer.AttachedPolicies).some((p) => at(p, 'PolicyArn') === POWER_USER)
          ? undefined
          : `PowerUserAccess is not attached to the group: ${RUN_IT}`;
      }),
    },
    {
      text:
        '`list-groups-for-user` answers from the side of the user. Brackets around `GroupName` put each group on a ' +
        'line of its own in text output, a tip from the guide; without them the names would share one line.',
      command: "aws iam list-groups-for-user --user-name lesson-iam-jane --query 'Groups[].[GroupName]' --output text",
      check: printed("The user's groups were printed, one per line", ({ stdout }) =>
        stdout.split('\n').includes('lesson-iam-developers')
          ? undefined
          : 'Expected a line reading lesson-iam-developers: add the user to the group first.',
      ),
    },
  ],
};

// ---- 9. EC2 key pairs and security groups ----

async function ingressPorts(ctx: CheckContext): Promise<unknown[] | undefined> {
  const answer = await ask(ctx, 'ec2', 'DescribeSecurityGroups', {
    Filters: [{ Name: 'group-name', Values: ['lesson-ec2-sg'] }],
  });
  const group = list(answer?.SecurityGroups)[0];
  return group === undefined ? undefined : list(at(group, 'IpPermissions')).map((p) => at(p, 'FromPort'));
}

async function keyPairExists(ctx: CheckContext): Promise<boolean> {
  const answer = await ask(ctx, 'ec2', 'DescribeKeyPairs', {
    Filters: [{ Name: 'key-name', Values: ['lesson-ec2-key'] }],
  });
  return list(answer?.KeyPairs).length > 0;
}

function portOpened(port: number, name: string): Check {
  return made(`${name} (TCP ${port}) is allowed in`, async (ctx) => {
    const ports = await ingressPorts(ctx);
    if (!ports) return 'No security group named "lesson-ec2-sg": run the third step\'s command.';
    return ports.includes(port) ? undefined : `The group has no rule for port ${port}: ${RUN_IT}`;
  });
}

const ec2: Lesson = {
  id: 'ec2',
  title: 'EC2 key pairs and security groups',
  source: 'Using Amazon EC2 with the AWS CLI',
  steps: [
    {
      text:
        'A key pair lets you log in to a Linux instance over SSH. AWS keeps the public key and hands you the private ' +
        'one this once. The guide saves it with `> MyKeyPair.pem` and `chmod 400`; the playground has no ' +
        'redirection, so `--query KeyMaterial --output text` prints the bare key for you to copy.',
      command: 'aws ec2 create-key-pair --key-name lesson-ec2-key --query KeyMaterial --output text',
      check: made('The key pair lesson-ec2-key exists', async (ctx) =>
        (await keyPairExists(ctx)) ? undefined : `No key pair named "lesson-ec2-key": ${RUN_IT}`,
      ),
    },
    {
      text:
        'AWS stores a fingerprint of the key, to compare with your copy; the private key itself cannot be fetched ' +
        'again. If you lose it, delete the pair and create another.',
      command: 'aws ec2 describe-key-pairs --key-names lesson-ec2-key',
      check: printedJson('The fingerprint was printed', (value) =>
        typeof at(value, 'KeyPairs', 0, 'KeyFingerprint') === 'string'
          ? undefined
          : 'Expected the key pair with its KeyFingerprint: create it in the step before.',
      ),
    },
    {
      text:
        'A security group is a firewall for instances: it starts with no inbound rule and one outbound rule that ' +
        'allows everything. Without `--vpc-id` it belongs to the default VPC of the region.',
      command: 'aws ec2 create-security-group --group-name lesson-ec2-sg --description "Lesson security group"',
      check: made('The security group lesson-ec2-sg exists', async (ctx) =>
        (await ingressPorts(ctx)) ? undefined : `No security group named "lesson-ec2-sg": ${RUN_IT}`,
      ),
    },
    {
      text:
        'A rule lets in one protocol and port range from an address range in CIDR notation. This one opens SSH ' +
        '(TCP 22) to 203.0.113.0/24, a range kept for documentation; for your own instances, use your address, ' +
        'which https://checkip.amazonaws.com shows.',
      command:
        'aws ec2 authorize-security-group-ingress --group-name lesson-ec2-sg --protocol tcp --port 22 --cidr 203.0.113.0/24',
      check: portOpened(22, 'SSH'),
    },
    {
      text:
        'Windows instances take Remote Desktop on TCP port 3389. A group of the default VPC may be named by name, as ' +
        'here; in any other VPC, use `--group-id`.',
      command:
        'aws ec2 authorize-security-group-ingress --group-name lesson-ec2-sg --protocol tcp --port 3389 --cidr 203.0.113.0/24',
      check: portOpened(3389, 'RDP'),
    },
    {
      text: '`describe-security-groups` shows the group with both rules; the query makes one row of each.',
      command:
        "aws ec2 describe-security-groups --group-names lesson-ec2-sg --query 'SecurityGroups[0].IpPermissions[].[IpProtocol, FromPort, ToPort, IpRanges[0].CidrIp]' --output table",
      check: printed('Both rules were printed', ({ stdout }) =>
        /\b22\b/.test(stdout) && stdout.includes('3389') && stdout.includes('203.0.113.0/24')
          ? undefined
          : 'Expected rows for ports 22 and 3389: add both rules first.',
      ),
    },
    {
      text:
        'Deleting a key pair removes only the public key AWS keeps: instances launched with it still run, and ' +
        'your private key stays yours.',
      command: 'aws ec2 delete-key-pair --key-name lesson-ec2-key',
      check: made('The key pair lesson-ec2-key is gone', async (ctx) =>
        (await keyPairExists(ctx)) ? `The key pair lesson-ec2-key still exists: ${RUN_IT}` : undefined,
      ),
    },
  ],
};

// ---- 10. SNS and SQS ----

const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:lesson-sns-topic`;
const QUEUE_ARN = `arn:aws:sqs:${REGION}:${ACCOUNT}:lesson-sns-queue`;
const QUEUE_URL = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/lesson-sns-queue`;
const MESSAGE = 'Hello from the playground';

const snsSqs: Lesson = {
  id: 'sns-sqs',
  title: 'Amazon SNS and SQS',
  source: 'Using Amazon SNS with the AWS CLI',
  steps: [
    {
      text:
        'An SNS topic passes each message on to its subscribers: email addresses, web endpoints, functions or SQS ' +
        'queues. Its ARN, in the answer, names the topic in every later command.',
      command: 'aws sns create-topic --name lesson-sns-topic',
      check: made('The topic lesson-sns-topic exists', async (ctx) =>
        (await ask(ctx, 'sns', 'GetTopicAttributes', { TopicArn: TOPIC_ARN }))
          ? undefined
          : `No topic named "lesson-sns-topic": ${RUN_IT}`,
      ),
    },
    {
      text:
        'An SQS queue holds messages until a consumer receives and deletes them. The answer is its URL, which SQS ' +
        'commands take instead of a name.',
      command: 'aws sqs create-queue --queue-name lesson-sns-queue',
      check: made('The queue lesson-sns-queue exists', async (ctx) =>
        (await queueAttributes(ctx, 'lesson-sns-queue')) ? undefined : `No queue named "lesson-sns-queue": ${RUN_IT}`,
      ),
    },
    {
      text:
        'A queue takes messages from a topic only if its access policy allows it. The policy in the file (see Files) ' +
        'lets SNS send to this queue for this topic alone; being JSON inside a JSON string, it has escaped quotes.',
      command: `aws sqs set-queue-attributes --queue-url ${QUEUE_URL} --attributes file://~/lesson-sns-policy.json`,
      files: {
        '~/lesson-sns-policy.json': `${JSON.stringify(
          {
            Policy: JSON.stringify({
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Principal: { Service: 'sns.amazonaws.com' },
                  Action: 'sqs:SendMessage',
                  Resource: QUEUE_ARN,
                  Condition: { ArnEquals: { 'aws:SourceArn': TOPIC_ARN } },
                },
              ],
            }),
          },
          null,
          2,
        )}\n`,
      },
      check: made('The queue policy lets the topic send', async (ctx) => {
        const attributes = await queueAttributes(ctx, 'lesson-sns-queue');
        if (!attributes) return 'No queue named "lesson-sns-queue": run the second step\'s command.';
        return String(attributes.Policy).includes(TOPIC_ARN)
          ? undefined
          : `The queue has no policy for the topic: ${RUN_IT}`;
      }),
    },
    {
      text:
        'To subscribe a queue, give the `sqs` protocol and the ARN of the queue. Queue subscriptions are confirmed ' +
        'at once; an email subscription would stay "pending confirmation" until its owner follows the link AWS ' +
        'mails.',
      command: `aws sns subscribe --topic-arn ${TOPIC_ARN} --protocol sqs --notification-endpoint ${QUEUE_ARN}`,
      check: made('The queue is subscribed to the topic', async (ctx) => {
        const answer = await ask(ctx, 'sns', 'ListSubscriptionsByTopic', { TopicArn: TOPIC_ARN });
        if (!answer) return 'No topic named "lesson-sns-topic": run the first step\'s command.';
        return list(answer.Subscriptions).some((s) => at(s, 'Endpoint') === QUEUE_ARN)
          ? undefined
          : `The queue is not subscribed to the topic: ${RUN_IT}`;
      }),
    },
    {
      text: '`publish` sends one message to every subscriber of the topic, and answers with its message ID.',
      command: `aws sns publish --topic-arn ${TOPIC_ARN} --subject "Lesson" --message "${MESSAGE}"`,
      check: made('A message reached the queue', async (ctx) => {
        const attributes = await queueAttributes(ctx, 'lesson-sns-queue');
        if (!attributes) return 'No queue named "lesson-sns-queue": run the second step\'s command.';
        const count =
          Number(attributes.ApproximateNumberOfMessages) + Number(attributes.ApproximateNumberOfMessagesNotVisible);
        return count > 0 ? undefined : `The queue holds no message: ${RUN_IT}`;
      }),
    },
    {
      text:
        'The message arrives in the JSON envelope of SNS: the topic, the subject, and your text under `Message`. A ' +
        'real consumer would then call `delete-message` with its receipt handle; otherwise the message comes back ' +
        'once its visibility timeout (30 seconds) has passed.',
      command: `aws sqs receive-message --queue-url ${QUEUE_URL} --query 'Messages[0].Body' --output text`,
      check: printed('The message was received', ({ stdout }) =>
        stdout.includes(MESSAGE) ? undefined : 'No message came: publish one, or wait 30 seconds and try again.',
      ),
    },
  ],
};

// ---- 11. Glacier ----

/** About 2.5 MiB of text, so its tree hash has three leaves, the last one partial, like the guide's example. */
const ARCHIVE = Array.from(
  { length: 33_000 },
  (_, i) =>
    `Archive line ${String(i + 1).padStart(5, '0')}: words that fill a Glacier archive, one MiB leaf at a time.\n`,
).join('');
/** The SHA-256 tree hash of ARCHIVE, as the guide computes it with openssl: what `--checksum` must be. */
const ARCHIVE_TREE_HASH = '98b1f46da1f7e2811b9eb9d1556697c4b24357d43475bad231a783b524ba18f5';

async function vault(ctx: CheckContext): Promise<Record<string, unknown> | undefined> {
  return ask(ctx, 'glacier', 'DescribeVault', { accountId: '-', vaultName: 'lesson-glacier-vault' });
}

const glacier: Lesson = {
  id: 'glacier',
  title: 'Amazon S3 Glacier and the tree hash',
  source: 'Using Amazon S3 Glacier with the AWS CLI',
  steps: [
    {
      text:
        'S3 Glacier keeps archives, data you rarely read, in vaults. Every Glacier command requires `--account-id`; ' +
        'a hyphen stands for the account of your credentials.',
      command: 'aws glacier create-vault --account-id - --vault-name lesson-glacier-vault',
      check: made('The vault lesson-glacier-vault exists', async (ctx) =>
        (await vault(ctx)) ? undefined : `No vault named "lesson-glacier-vault": ${RUN_IT}`,
      ),
    },
    {
      text:
        'The vault is listed with its ARN, its creation date and its counts of archives and bytes. AWS refreshes ' +
        'those counts about once a day; the sandbox does it at once.',
      command: 'aws glacier list-vaults --account-id -',
      check: printed('The vault was listed', ({ stdout }) =>
        stdout.includes('lesson-glacier-vault') ? undefined : 'Expected lesson-glacier-vault in the list.',
      ),
    },
    {
      text:
        '`upload-archive` sends a file as one archive. Glacier wants a SHA-256 tree hash of each upload as its ' +
        'checksum, which the CLI computes here. The answer holds the ID of the archive: the only way to ask for it ' +
        'again, so keep it.',
      command:
        'aws glacier upload-archive --account-id - --vault-name lesson-glacier-vault --archive-description "lesson note" --body ~/lesson-glacier-note.txt',
      files: { '~/lesson-glacier-note.txt': 'A short note, archived for the lesson.\n' },
      check: made('The vault holds an archive', async (ctx) => {
        const described = await vault(ctx);
        if (!described) return 'No vault named "lesson-glacier-vault": run the first step\'s command.';
        return Number(described.NumberOfArchives) >= 1 ? undefined : `The vault holds no archive: ${RUN_IT}`;
      }),
    },
    {
      text:
        'The tree hash cuts a file into 1 MiB leaves and hashes each with SHA-256; pairs of hashes are then joined ' +
        'and hashed again, level after level, until one remains (an odd one out goes up unchanged). The guide does ' +
        'it by hand: `split --bytes=1048576`, `openssl dgst -sha256 -binary` for each chunk, `cat` to join a pair, ' +
        'and hexadecimal only for the last hash. The panel shows the same for `~/archive.txt`.\n\n' +
        'This upload states that root as `--checksum`, and Glacier refuses the archive if one byte differs. The ' +
        'same root completes a multipart upload (`initiate-multipart-upload`, `upload-multipart-part`, ' +
        '`complete-multipart-upload`), whose upload ID the guide keeps in a shell variable.',
      command: `aws glacier upload-archive --account-id - --vault-name lesson-glacier-vault --archive-description "tree hash lesson" --checksum ${ARCHIVE_TREE_HASH} --body ~/archive.txt`,
      files: { '~/archive.txt': ARCHIVE },
      widget: { kind: 'tree-hash', path: '~/archive.txt' },
      check: made('The vault holds ~/archive.txt', async (ctx) => {
        const described = await vault(ctx);
        if (!described) return 'No vault named "lesson-glacier-vault": run the first step\'s command.';
        return Number(described.SizeInBytes) >= ARCHIVE.length
          ? undefined
          : `The vault does not hold the 2.5 MiB archive yet: ${RUN_IT}`;
      }),
    },
    {
      text:
        '`describe-vault` shows the vault alone: two archives now, and their total size. Reading an archive back ' +
        'takes a retrieval job (`initiate-job`), whose output is ready hours later in AWS and seconds later in the ' +
        'sandbox.',
      command: 'aws glacier describe-vault --account-id - --vault-name lesson-glacier-vault',
      check: printedJson('The vault holds both archives', (value) =>
        Number(at(value, 'NumberOfArchives')) >= 2
          ? undefined
          : 'Expected NumberOfArchives 2: upload both archives first.',
      ),
    },
  ],
};

export const LESSONS: Lesson[] = [
  firstCommands,
  query,
  parameters,
  pagination,
  profiles,
  s3,
  dynamodb,
  iam,
  ec2,
  snsSqs,
  glacier,
];
