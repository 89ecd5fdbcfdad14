/**
 * The AWS CLI's EC2 page-size injector (customizations/ec2/paginate.py, as AWS CLI v2 2.9 has it): a
 * paginated `describe-snapshots` or `describe-volumes` that names no particular resources asks for pages
 * of 1,000 (MaxResults), where EC2 would otherwise send everything in one answer or pages of its own
 * size. Only when the parameters given are all in the operation's list (DryRun always is) and no page
 * size was asked for.
 */
import type { CommandCustomization } from './command-args.js';

const PAGE_SIZE = 1000;

const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  DescribeSnapshots: ['OwnerIds', 'RestorableByUserIds', 'DryRun'],
  DescribeVolumes: ['DryRun'],
};

export const describeWithPageSize: CommandCustomization = {
  pageSize(operation, params) {
    const allowed = ALLOWED[operation] ?? [];
    return Object.keys(params).every((name) => allowed.includes(name)) ? PAGE_SIZE : undefined;
  },
};
