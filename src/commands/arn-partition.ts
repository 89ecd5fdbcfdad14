/**
 * The partition the AWS CLI's role commands write into the ARNs they build (awscli/customizations/utils.py
 * get_policy_arn_suffix): read from the region's name alone, so any region that is neither China's nor
 * GovCloud's counts as `aws`, as it does in the CLI.
 */

/** `aws-cn` for a `cn-` region, `aws-us-gov` for a `us-gov` one, else `aws`. */
export function arnPartition(region: string): string {
  const name = region.toLowerCase();
  if (name.startsWith('cn-')) return 'aws-cn';
  if (name.startsWith('us-gov')) return 'aws-us-gov';
  return 'aws';
}
