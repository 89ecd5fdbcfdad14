/**
 * `cloudwatch put-metric-data`'s shortcuts (the AWS CLI's putmetricdata.py): one datum without writing
 * `--metric-data` out — `--metric-name`, `--value`, `--unit`, `--timestamp`, `--dimensions Name=Value,…`,
 * `--statistic-values Sum=…,Minimum=…`, `--storage-resolution` — which fill `MetricData[0]`, and which
 * cannot be mixed with `--metric-data` itself.
 */
import { ArgumentError, checkMutuallyExclusive } from './usage.js';

/** The shortcuts, in the CLI's order, which is also the order of the datum's members. */
export const METRIC_DATUM_ARGS = [
  'metric-name',
  'timestamp',
  'unit',
  'value',
  'dimensions',
  'statistic-values',
  'storage-resolution',
] as const;

/** The shortcuts beside `--metric-data`, refused as the CLI refuses them (its check leaves out `storage-resolution`). */
export function checkMetricDatumArgs(values: ReadonlyMap<string, unknown>): void {
  const given = ['metric-data', ...METRIC_DATUM_ARGS].filter((name) => values.get(name) !== undefined);
  checkMutuallyExclusive(
    given,
    ['metric-data'],
    METRIC_DATUM_ARGS.filter((name) => name !== 'storage-resolution'),
  );
}

/** One shortcut's value into `MetricData[0]`. */
export function addMetricDatumArg(params: Record<string, unknown>, name: string, value: string): void {
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
