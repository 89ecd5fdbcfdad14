/**
 * `cli_timestamp_format = wire`: an operation's timestamps printed as the response carried them, as the
 * AWS CLI does by handing botocore's parsers the identity function (customizations/timestampformat.py).
 * Text stays text (`2023-11-14T22:13:20.000Z`, `Tue, 14 Nov 2023 22:13:20 GMT`), a number stays the
 * number; one written as a float is a Python float, so a whole one prints as `1700000000.0`.
 */
import type { TimestampReader } from '../core/protocols/types.js';
import { PyFloat } from './output/py-values.js';

export const readWireTimestamp: TimestampReader = (wire, float) =>
  float && typeof wire === 'number' && Number.isInteger(wire) ? new PyFloat(wire) : wire;
