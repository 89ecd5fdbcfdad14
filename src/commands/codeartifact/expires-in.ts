/**
 * The "Login expires in …" words of the success message: the time left until the token's expiration,
 * measured in calendar units as dateutil's relativedelta does and rounded to the nearest minute.
 */

interface Delta {
  years: number;
  months: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  microseconds: number;
}

/**
 * The time left, 30 seconds added so that 11 hours 59 minutes 31 seconds reads as 12 hours: the first
 * of years, months, days, hours and minutes that is above zero, and the next one with "and" when it is
 * too. Nothing at all once the login has expired.
 */
export function expiresIn(expiration: Date, now: Date): string {
  const left = addSeconds(calendarDifference(expiration, now), 30);
  const units = ['years', 'months', 'days', 'hours', 'minutes'] as const;
  const words: string[] = [];
  let previousShown = false;
  for (const unit of units) {
    const value = left[unit];
    if (value > 0) {
      if (previousShown) words.push('and');
      words.push(String(value), value === 1 ? unit.slice(0, -1) : unit);
    }
    if (previousShown) break;
    previousShown = value > 0;
  }
  return words.join(' ');
}

/**
 * dateutil's `relativedelta(later, earlier)`: whole calendar months first (a month from Jan 31 is Feb
 * 28), then the rest as days, hours, minutes and seconds; days never carry into months.
 */
function calendarDifference(later: Date, earlier: Date): Delta {
  let months = (later.getUTCFullYear() - earlier.getUTCFullYear()) * 12 + (later.getUTCMonth() - earlier.getUTCMonth());
  const backwards = later.getTime() < earlier.getTime();
  const overshoots = (m: number) =>
    backwards ? later.getTime() > addMonths(earlier, m) : later.getTime() < addMonths(earlier, m);
  while (overshoots(months)) months += backwards ? 1 : -1;
  const restMs = later.getTime() - addMonths(earlier, months);
  const seconds = Math.floor(restMs / 1000);
  const sign = Math.sign(months);
  return normalize({
    years: sign * Math.floor(Math.abs(months) / 12),
    months: sign * (Math.abs(months) % 12),
    days: 0,
    hours: 0,
    minutes: 0,
    seconds,
    microseconds: (restMs - seconds * 1000) * 1000,
  });
}

/** The time `months` calendar months after `date`, the day kept or cut to the month's last. */
function addMonths(date: Date, months: number): number {
  const total = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const shifted = new Date(date.getTime());
  shifted.setUTCFullYear(year, month, Math.min(date.getUTCDate(), lastDay));
  return shifted.getTime();
}

function addSeconds(delta: Delta, seconds: number): Delta {
  return normalize({ ...delta, seconds: delta.seconds + seconds });
}

/** relativedelta's carrying: each unit past its range (keeping its sign) into the next larger one, days excepted. */
function normalize(delta: Delta): Delta {
  const d = { ...delta };
  const carry = (small: keyof Delta, large: keyof Delta, size: number, limit: number) => {
    if (Math.abs(d[small]) <= limit) return;
    const sign = Math.sign(d[small]);
    const whole = Math.floor((d[small] * sign) / size);
    d[small] = (d[small] * sign - whole * size) * sign;
    d[large] += whole * sign;
  };
  carry('microseconds', 'seconds', 1_000_000, 999_999);
  carry('seconds', 'minutes', 60, 59);
  carry('minutes', 'hours', 60, 59);
  carry('hours', 'days', 24, 23);
  carry('months', 'years', 12, 11);
  return d;
}
