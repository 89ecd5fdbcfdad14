/**
 * DynamoDB numbers as the CLI's `ddb` commands hold them: Python `Decimal`s, never floats, so every
 * digit the user typed or the table holds is kept (`1.50` stays `1.50`). A number is a sign, a string of
 * coefficient digits and an exponent; its text is Python's `str(Decimal)`.
 *
 * Every number sent goes through the DynamoDB context the CLI uses (38 digits, exponents -128..126,
 * and Inexact, Rounded, Overflow, Underflow and Clamped all trapped), so a number DynamoDB cannot
 * store exactly is refused with Python's message listing the signals, never rounded.
 */
import { IsoawsError } from '../../core/errors.js';

export class DdbNumber {
  constructor(
    readonly negative: boolean,
    /** Digits without leading zeros; `0` for zero. */
    readonly digits: string,
    readonly exponent: number,
  ) {}

  /** Python's `str(Decimal)`: plain unless the exponent is positive or the number is very small. */
  toString(): string {
    const { digits, exponent } = this;
    const left = exponent + digits.length;
    const dot = exponent <= 0 && left > -6 ? left : 1;
    let text: string;
    if (dot <= 0) text = `0.${'0'.repeat(-dot)}${digits}`;
    else if (dot >= digits.length) text = digits + '0'.repeat(dot - digits.length);
    else text = `${digits.slice(0, dot)}.${digits.slice(dot)}`;
    if (left !== dot) text += `E${left - dot >= 0 ? '+' : ''}${left - dot}`;
    return (this.negative ? '-' : '') + text;
  }

  /** `value == value.to_integral()`: no non-zero digit after the point. */
  isWhole(): boolean {
    return this.exponent >= 0 || /^0*$/.test(this.digits.slice(this.exponent));
  }

  /** Numeric order, for the members of a number set (the CLI prints them sorted). */
  compare(other: DdbNumber): number {
    const sign = (n: DdbNumber) => (n.digits === '0' ? 0 : n.negative ? -1 : 1);
    const [a, b] = [sign(this), sign(other)];
    if (a !== b || a === 0) return a - b;
    return a * magnitudeCompare(this, other);
  }
}

function magnitudeCompare(x: DdbNumber, y: DdbNumber): number {
  const adjusted = (n: DdbNumber) => n.digits.length + n.exponent;
  if (adjusted(x) !== adjusted(y)) return adjusted(x) - adjusted(y);
  const length = Math.max(x.digits.length, y.digits.length);
  const a = x.digits.padEnd(length, '0');
  const b = y.digits.padEnd(length, '0');
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Python's decimal exceptions print as the list of the signals they carry. */
export class DecimalError extends IsoawsError {
  override name = 'DecimalError';
  constructor(signals: readonly string[]) {
    super(`[${signals.map((s) => `<class 'decimal.${s}'>`).join(', ')}]`);
  }
}

const NUMBER = /^([+-]?)(?:(\d+)(?:\.(\d*))?|\.(\d+))(?:[eE]([+-]?\d+))?$/;

/**
 * `Decimal(text)`: surrounding whitespace and underscores between digits allowed, as Python's
 * constructor allows them. Infinity and NaN are refused as a ConversionSyntax: DynamoDB has neither.
 */
export function parseDecimal(text: string): DdbNumber {
  const m = NUMBER.exec(text.trim().replace(/(?<=\d)_(?=\d)/g, ''));
  if (!m) throw new DecimalError(['ConversionSyntax']);
  const whole = m[2] ?? '';
  const fraction = m[3] ?? m[4] ?? '';
  return make(m[1] === '-', whole + fraction, Number(m[5] ?? 0) - fraction.length);
}

/** A YAML integer: a Python int, exact at any size, which is sent as a number like any other. */
export class PyInt extends DdbNumber {}

export function pyInt(value: bigint): PyInt {
  return new PyInt(value < 0n, (value < 0n ? -value : value).toString(), 0);
}

function make(negative: boolean, digits: string, exponent: number): DdbNumber {
  return new DdbNumber(negative, digits.replace(/^0+(?=.)/, ''), exponent);
}

const PRECISION = 38;
const EMAX = 126;
const EMIN = -128;
const ETINY = EMIN - PRECISION + 1;

/**
 * `DYNAMODB_CONTEXT.create_decimal(value)`: the number unchanged when DynamoDB can hold it exactly,
 * else the trapped signals Python's `_fix` would raise, in the order Python lists them.
 */
export function checkDynamoNumber(n: DdbNumber): DdbNumber {
  const signals = new Set<string>();
  if (n.digits === '0') {
    if (n.exponent < ETINY || n.exponent > EMAX) signals.add('Clamped');
  } else {
    const adjusted = n.digits.length + n.exponent - 1;
    if (adjusted > EMAX) {
      ['Overflow', 'Inexact', 'Rounded'].forEach((s) => signals.add(s));
    } else {
      const subnormal = adjusted - PRECISION + 1 < ETINY;
      const lowest = subnormal ? ETINY : adjusted - PRECISION + 1;
      if (n.exponent < lowest) {
        const keep = n.digits.length + n.exponent - lowest;
        const kept = keep > 0 ? n.digits.slice(0, keep) : '';
        const dropped = keep > 0 ? n.digits.slice(keep) : n.digits;
        const changed = /[1-9]/.test(dropped);
        // Python rounds a number wholly below the lowest exponent as a lone 1 there, which never rounds up.
        const up = keep >= 0 && changed && roundsUp(kept, dropped);
        // Rounding 99…9 up adds a digit, which can push the largest numbers past Emax.
        if (up && kept === '9'.repeat(PRECISION) && adjusted === EMAX) signals.add('Overflow');
        if (changed && subnormal) signals.add('Underflow');
        if (changed) signals.add('Inexact');
        signals.add('Rounded');
        if (!/[1-9]/.test(kept) && !up) signals.add('Clamped');
      }
    }
  }
  if (signals.size === 0) return n;
  const order = ['Overflow', 'Underflow', 'Inexact', 'Rounded', 'Clamped'];
  throw new DecimalError(order.filter((s) => signals.has(s)));
}

/** ROUND_HALF_EVEN: whether dropping `dropped` from `kept` rounds the last kept digit up. */
function roundsUp(kept: string, dropped: string): boolean {
  const first = dropped[0] ?? '0';
  if (first > '5') return true;
  if (first < '5') return false;
  if (/[1-9]/.test(dropped.slice(1))) return true;
  return Number(kept.at(-1) ?? '0') % 2 === 1;
}
