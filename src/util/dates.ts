/**
 * Trading dates as whole days since 1970-01-01 (UTC calendar days), stored in Int32Array.
 * A day number carries no time zone: it is the exchange-local calendar date of a bar.
 * Epoch days make calendar arithmetic trivial (weekday = (day + 4) mod 7, 0 = Sunday).
 */

const MS_PER_DAY = 86_400_000;

/** "2020-01-02" -> 18263. Throws on anything that is not a valid ISO calendar date. */
export function isoToDay(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`isoToDay expects a YYYY-MM-DD date, got "${iso}"`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const day = ms / MS_PER_DAY;
  if (dayToIso(day) !== iso) throw new Error(`isoToDay: "${iso}" is not a calendar date`);
  return day;
}

/** 18263 -> "2020-01-02". */
export function dayToIso(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day of week of an epoch day: 0 = Sunday ... 6 = Saturday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** Year and month (1-12) of an epoch day. */
export function yearMonth(day: number): { year: number; month: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1 };
}

/** A JS Date at UTC midnight of the epoch day, for chart axes. */
export function dayToDate(day: number): Date {
  return new Date(day * MS_PER_DAY);
}
