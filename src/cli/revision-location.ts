/**
 * `deploy create-deployment`, `get-application-revision` and `register-application-revision` take the
 * revision's location as `--s3-location bucket=…,key=…,bundleType=zip` or `--github-location
 * repository=…,commitId=…` (the AWS CLI's codedeploy/locationargs.py) instead of the whole `--revision`
 * structure, which becomes optional. Each is read as shorthand or JSON (or a file://), checked for the
 * members it needs (present and not empty), and written into `revision` with its `revisionType`;
 * members it does not know are dropped. As in the CLI, the arguments are applied in table order:
 * `--s3-location` replaces a `--revision`, and `--github-location` replaces both.
 */
import { customArg, type CommandCustomization } from './command-args.js';
import { ArgumentError } from './usage.js';

interface Location {
  name: 's3-location' | 'github-location';
  /** The model's shape the value is read against (every member a string). */
  shape: string;
  revisionType: string;
  /** The member of the revision it fills. */
  member: string;
  required: readonly string[];
  optional: readonly string[];
  doc: string;
}

const LOCATIONS: readonly Location[] = [
  {
    name: 's3-location',
    shape: 'S3Location',
    revisionType: 'S3',
    member: 's3Location',
    required: ['bucket', 'key', 'bundleType'],
    optional: ['eTag', 'version'],
    doc: 'Where the revision is in Amazon S3: its bucket, key and bundleType (tar, tgz or zip), and optionally its eTag and version. Used in place of --revision.',
  },
  {
    name: 'github-location',
    shape: 'GitHubLocation',
    revisionType: 'GitHub',
    member: 'gitHubLocation',
    required: ['repository', 'commitId'],
    optional: [],
    doc: 'Where the revision is in GitHub: its repository (account-or-organization/repository) and the SHA1 of its commitId. Used in place of --revision.',
  },
];

/** The CLI's wording of a location that lacks a member: `bucket, key and bundleType`. */
function listed(names: readonly string[]): string {
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

export const revisionLocation: CommandCustomization = {
  arguments(args, model) {
    const revision = args.find((a) => a.name === 'revision' && a.kind === 'member');
    if (revision) revision.required = false;
    for (const location of LOCATIONS)
      args.push(
        customArg(revisionLocation, {
          name: location.name,
          nargs: 'one',
          shape: model.shapes[location.shape],
          doc: location.doc,
        }),
      );
  },
  async fill(params, arg, value, { unpack }) {
    const location = LOCATIONS.find((l) => l.name === arg.name)!;
    const given = await unpack(arg, value as string);
    params.revision = revisionOf(location, given);
  },
};

/** The revision a location's value makes, or the CLI's error when a required member is missing or empty. */
function revisionOf(location: Location, given: unknown): Record<string, unknown> {
  const fields = given !== null && typeof given === 'object' && !Array.isArray(given) ? given : {};
  const value = (name: string) => (Object.hasOwn(fields, name) ? (fields as Record<string, unknown>)[name] : undefined);
  // Python's truth, as the CLI tests each member: an empty string, 0 or false is not given.
  if (!location.required.every((name) => Boolean(value(name))))
    throw new ArgumentError(`--${location.name} must specify ${listed(location.required)}.`);
  const inner: Record<string, unknown> = {};
  for (const name of location.required) inner[name] = value(name);
  for (const name of location.optional) if (Object.hasOwn(fields, name)) inner[name] = value(name);
  return { revisionType: location.revisionType, [location.member]: inner };
}
