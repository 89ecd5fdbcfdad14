/**
 * The schemas of the EMR commands' structured arguments, member for member as the CLI's
 * argumentschema.py (AWS CLI v2 2.9.19) declares them: they decide which keys shorthand accepts, which
 * values become numbers or booleans, and what is required. They differ from the API's shapes
 * (`InstanceGroupType` where RunJobFlow has `InstanceRole`, `Properties` as one `k=v,…` string), so
 * they cannot be taken from the EMR model.
 */
import type { Schema } from './schema.js';

const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer' };
const bool: Schema = { type: 'boolean' };
const strings: Schema = { type: 'array', items: str };
const required = (s: Schema): Schema => ({ ...s, required: true });
const obj = (properties: Record<string, Schema>): Schema => ({ type: 'object', properties });
const list = (items: Schema): Schema => ({ type: 'array', items });

const PROPERTIES: Schema = { type: 'map', key: str, value: str };
const INNER_CONFIGURATIONS = list(obj({ Classification: str, Properties: PROPERTIES }));
const OUTER_CONFIGURATIONS = list(
  obj({ Classification: str, Properties: PROPERTIES, Configurations: INNER_CONFIGURATIONS }),
);

const EBS_CONFIGURATION = obj({
  EbsOptimized: bool,
  EbsBlockDeviceConfigs: list(
    obj({
      VolumeSpecification: obj({ VolumeType: required(str), SizeInGB: required(int), Iops: int, Throughput: int }),
      VolumesPerInstance: int,
    }),
  ),
});

const AUTO_SCALING_POLICY = obj({
  Constraints: obj({ MinCapacity: int, MaxCapacity: int }),
  Rules: list(
    obj({
      Name: str,
      Description: str,
      Action: obj({
        Market: str,
        SimpleScalingPolicyConfiguration: obj({ AdjustmentType: str, ScalingAdjustment: int, CoolDown: int }),
      }),
      Trigger: obj({
        CloudWatchAlarmDefinition: obj({
          ComparisonOperator: str,
          EvaluationPeriods: int,
          MetricName: str,
          Namespace: str,
          Period: int,
          Statistic: str,
          Threshold: { type: 'double' },
          Unit: str,
          Dimensions: list(obj({ Key: str, Value: str })),
        }),
      }),
    }),
  ),
});

export const INSTANCE_GROUPS = list(
  obj({
    Name: str,
    InstanceGroupType: required(str),
    BidPrice: str,
    InstanceType: required(str),
    InstanceCount: required(int),
    CustomAmiId: str,
    EbsConfiguration: EBS_CONFIGURATION,
    AutoScalingPolicy: AUTO_SCALING_POLICY,
    Configurations: OUTER_CONFIGURATIONS,
  }),
);

export const INSTANCE_FLEETS = list(
  obj({
    Name: str,
    InstanceFleetType: required(str),
    TargetOnDemandCapacity: int,
    TargetSpotCapacity: int,
    InstanceTypeConfigs: list(
      obj({
        InstanceType: required(str),
        WeightedCapacity: int,
        BidPrice: str,
        BidPriceAsPercentageOfOnDemandPrice: { type: 'double' },
        CustomAmiId: str,
        EbsConfiguration: EBS_CONFIGURATION,
        Configurations: OUTER_CONFIGURATIONS,
      }),
    ),
    LaunchSpecifications: obj({
      OnDemandSpecification: obj({
        AllocationStrategy: str,
        CapacityReservationOptions: obj({
          UsageStrategy: str,
          CapacityReservationPreference: str,
          CapacityReservationResourceGroupArn: str,
        }),
      }),
      SpotSpecification: obj({
        TimeoutDurationMinutes: int,
        TimeoutAction: str,
        BlockDurationMinutes: int,
        AllocationStrategy: str,
      }),
    }),
  }),
);

export const EC2_ATTRIBUTES = obj({
  KeyName: str,
  SubnetId: str,
  SubnetIds: strings,
  AvailabilityZone: str,
  AvailabilityZones: strings,
  InstanceProfile: str,
  EmrManagedMasterSecurityGroup: str,
  EmrManagedSlaveSecurityGroup: str,
  ServiceAccessSecurityGroup: str,
  AdditionalMasterSecurityGroups: strings,
  AdditionalSlaveSecurityGroups: strings,
});

export const APPLICATIONS = list(obj({ Name: required(str), Args: strings }));

export const BOOTSTRAP_ACTIONS = list(obj({ Name: str, Path: required(str), Args: strings }));

export const STEPS = list(
  obj({ Type: str, Name: str, ActionOnFailure: str, Jar: str, Args: strings, MainClass: str, Properties: str }),
);

export const HBASE_RESTORE_FROM_BACKUP = obj({ Dir: str, BackupVersion: str });

export const EMR_FS = obj({
  Consistent: bool,
  SSE: bool,
  RetryCount: int,
  RetryPeriod: int,
  Args: strings,
  Encryption: str,
  ProviderType: str,
  KMSKeyId: str,
  CustomProviderLocation: str,
  CustomProviderClass: str,
});

export const TAGS = strings;

export const CLUSTER_IDS = strings;

export const KERBEROS_ATTRIBUTES = obj({
  Realm: str,
  KdcAdminPassword: str,
  CrossRealmTrustPrincipalPassword: str,
  ADDomainJoinUser: str,
  ADDomainJoinPassword: str,
});

export const MANAGED_SCALING_POLICY = obj({
  ComputeLimits: obj({
    MinimumCapacityUnits: required(int),
    MaximumCapacityUnits: required(int),
    MaximumOnDemandCapacityUnits: int,
    UnitType: required(str),
    MaximumCoreCapacityUnits: int,
  }),
});

export const PLACEMENT_GROUP_CONFIGS = list(obj({ InstanceRole: required(str), PlacementStrategy: str }));

export const AUTO_TERMINATION_POLICY = obj({ IdleTimeout: { type: 'long' } });
