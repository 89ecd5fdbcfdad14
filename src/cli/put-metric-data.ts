/**
 * `cloudwatch put-metric-data`'s shortcuts (the AWS CLI's putmetricdata.py): one datum without writing
 * `--metric-data` out — `--metric-name`, `--value`, `--unit`, `--timestamp`, `--dimensions Name=Value,…`,
 * `--statistic-values Sum=…,Minimum=…`, `--storage-resolution` — which fill `MetricData[0]`, and which
 * cannot be mixed with `--metric-data` itself.
 */
import { customArg, type CommandCustomization } from './command-args.js';
import { ArgumentError, checkMutuallyExclusive } from './usage.js';

export const putMetricData: CommandCustomization = {
  arguments(args) {
    // One datum from plain options: --metric-data is no longer required.
    for (const a of args) if (a.name === 'metric-data') a.required = false;
    for (const name of METRIC_DATUM_ARGS)
      args.push(customArg(putMetricData, { name, nargs: 'one', doc: METRIC_DATUM_DOCS[name] }));
  },
  check: checkMetricDatumArgs,
  fill: (params, arg, value) => addMetricDatumArg(params, arg.name, value as string),
};

/** The shortcuts, in the CLI's order, which is also the order of the datum's members. */
const METRIC_DATUM_ARGS = [
  'metric-name',
  'timestamp',
  'unit',
  'value',
  'dimensions',
  'statistic-values',
  'storage-resolution',
] as const;

const METRIC_DATUM_DOCS: Readonly<Record<(typeof METRIC_DATUM_ARGS)[number], string>> = {
  'metric-name': 'The metric’s name (a datum without --metric-data).',
  timestamp: 'When the value was measured; when it was received unless given.',
  unit: 'The unit of the value.',
  value: 'The value (a double; CloudWatch truncates exponents beyond ±126 or so).',
  dimensions: 'The metric’s dimensions as Name=Value pairs separated by commas: InstanceId=i-1,InstanceType=m5.large.',
  'statistic-values': 'A statistic set instead of a value: Sum=…,Minimum=…,Maximum=…,SampleCount=….',
  'storage-resolution': 'Seconds between values: 1 for high resolution, 60 (the default) for standard.',
};

/** The shortcuts beside `--metric-data`, refused as the CLI refuses them (its check leaves out `storage-resolution`). */
function checkMetricDatumArgs(values: ReadonlyMap<string, unknown>): void {
  checkMutuallyExclusive(
    values,
    ['metric-data', ...METRIC_DATUM_ARGS],
    ['metric-data'],
    METRIC_DATUM_ARGS.filter((name) => name !== 'storage-resolution'),
  );
}

/** One shortcut's value into `MetricData[0]`. */
function addMetricDatumArg(params: Record<string, unknown>, name: string, value: string): void {
  const datum = ((params.MetricData ??= [{}]) as Array<Record<string, unknown>>)[0]!;
  switch (name) {
    case 'metric-name':
      datum.MetricName = value;
      break;
    case 'timestamp':
      datum.Timestamp = value;
      break;
    case 'unit':
      datum.Unit = value;
      break;
    case 'value':
      datum.Value = number(value, name);
      break;
    case 'dimensions':
      datum.Dimensions = pairs(value, name).map(([Name, Value]) => ({ Name, Value }));
      break;
    case 'statistic-values':
      datum.StatisticValues = Object.fromEntries(pairs(value, name).map(([k, v]) => [k, number(v, name)]));
      break;
    default:
      datum.StorageResolution = number(value, name);
  }
}

function number(text: string, option: string): number {
  const n = Number(text);
  if (text.trim() === '' || Number.isNaN(n)) throw new ArgumentError(`Invalid number for --${option}: ${text}`);
  return n;
}

/** `Key=Value,Key=Value` as the CLI splits it: commas inside quotes or after a backslash stay. */
function pairs(text: string, option: string): Array<[string, string]> {
  return splitOnCommas(text).map((pair) => {
    const parts = pair.split('=');
    if (parts.length !== 2) throw new ArgumentError(`Expected Key=Value pairs for --${option}, got: ${pair}`);
    return [parts[0]!, parts[1]!];
  });
}

function splitOnCommas(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) current += text[++i];
    else if (quote) {
      if (c === quote) quote = undefined;
      else current += c;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ',') {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}
