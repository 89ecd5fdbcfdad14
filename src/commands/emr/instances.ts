/**
 * Instance groups and fleets as RunJobFlow and AddInstanceGroups take them, from `--instance-groups`,
 * `--instance-fleets` or the `--instance-type`/`--instance-count` shortcut, as the CLI's
 * instancegroupsutils.py and instancefleetsutils.py build them.
 */
import { pyInt } from '../../cli/shorthand.js';
import { fail, MESSAGES } from './errors.js';

export type InstanceGroupArgs = Record<string, unknown> & {
  InstanceGroupType: string;
  InstanceType: string;
  InstanceCount: number;
};

export type InstanceFleetArgs = Record<string, unknown> & { InstanceFleetType: string };

/** Members copied as given when present. */
const GROUP_EXTRAS = ['EbsConfiguration', 'AutoScalingPolicy', 'Configurations', 'CustomAmiId'] as const;

/** `--instance-groups` as InstanceGroupConfigs: named after the type unless named, on demand unless bid for. */
export function buildInstanceGroups(groups: readonly InstanceGroupArgs[]): Array<Record<string, unknown>> {
  return groups.map((group) => {
    const config: Record<string, unknown> = {
      Name: 'Name' in group ? group.Name : group.InstanceGroupType,
      InstanceType: group.InstanceType,
      InstanceCount: group.InstanceCount,
      InstanceRole: group.InstanceGroupType.toUpperCase(),
    };
    if ('BidPrice' in group) {
      // `OnDemandPrice` asks for Spot at the on-demand price, which is what no bid price means.
      if (group.BidPrice !== 'OnDemandPrice') config.BidPrice = group.BidPrice;
      config.Market = 'SPOT';
    } else {
      config.Market = 'ON_DEMAND';
    }
    for (const key of GROUP_EXTRAS) if (key in group) config[key] = group[key];
    return config;
  });
}

/**
 * The instance groups of create-cluster: `--instance-groups`, or a master of `--instance-type` and,
 * with `--instance-count` above one, a core group of the rest.
 */
export function clusterInstanceGroups(
  groups: readonly InstanceGroupArgs[] | undefined,
  instanceType: string | undefined,
  instanceCount: string | undefined,
): Array<Record<string, unknown>> {
  if (groups === undefined && instanceType === undefined) throw fail(MESSAGES.missingInstanceGroups);
  if (groups !== undefined && (instanceType !== undefined || instanceCount !== undefined))
    throw fail(MESSAGES.instanceGroupsShortcut);
  if (groups !== undefined) return buildInstanceGroups(groups);
  const group = (role: string, count: number) => ({
    InstanceType: instanceType,
    InstanceCount: count,
    InstanceRole: role,
    Name: role,
    Market: 'ON_DEMAND',
  });
  const result = [group('MASTER', 1)];
  // Python's int() of the text: a bad count is its ValueError (exit 255), as in the CLI.
  const count = instanceCount === undefined ? 1 : pyInt(instanceCount);
  if (count > 1) result.push(group('CORE', count - 1));
  return result;
}

/** `--instance-fleets` as InstanceFleetConfigs: named after the type unless named, the known members kept. */
export function buildInstanceFleets(fleets: readonly InstanceFleetArgs[]): Array<Record<string, unknown>> {
  return fleets.map((fleet) => {
    const config: Record<string, unknown> = {
      Name: 'Name' in fleet ? fleet.Name : fleet.InstanceFleetType,
      InstanceFleetType: fleet.InstanceFleetType,
    };
    for (const key of ['TargetOnDemandCapacity', 'TargetSpotCapacity', 'InstanceTypeConfigs'])
      if (key in fleet) config[key] = fleet[key];
    const launch = fleet.LaunchSpecifications as Record<string, unknown> | undefined;
    if (launch !== undefined) {
      const spec: Record<string, unknown> = {};
      for (const key of ['SpotSpecification', 'OnDemandSpecification']) if (key in launch) spec[key] = launch[key];
      config.LaunchSpecifications = spec;
    }
    return config;
  });
}
