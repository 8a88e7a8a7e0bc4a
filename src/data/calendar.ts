/**
 * Trading calendars as ascending epoch-day arrays.
 *
 * - `nyseHolidays(year)` / `usEquitySessions(start, end)`: the New York Stock Exchange's full-day
 *   closures computed by rule (NYSE Rule 7.2 and its history), plus the special closures listed in
 *   `NYSE_SPECIAL_CLOSURES`. Valid from 1973 on. Early closes (half days) are sessions.
 * - `cryptoSessions(start, end)`: every calendar day (crypto trades seven days a week, UTC dates).
 *
 * The rules were checked against the dates of the shipped real bars (see tests/data/calendar.test.ts):
 * every SPY bar from 1993 to 2025 falls on a session and every session has a bar.
 */
import { dayToIso, isoToDay, weekday } from "../util/dates";

/** Which calendar: US equity sessions (NYSE) or every day (crypto, UTC). */
export type CalendarName = "XNYS" | "24/7";

/** Unscheduled full-day NYSE closures (national days of mourning, weather, 9/11), with why. */
export const NYSE_SPECIAL_CLOSURES: Readonly<Record<string, string>> = {
  "1973-01-25": "National day of mourning: Lyndon B. Johnson",
  "1977-07-14": "New York City blackout",
  "1985-09-27": "Hurricane Gloria",
  "1994-04-27": "National day of mourning: Richard Nixon",
  "2001-09-11": "September 11 attacks",
  "2001-09-12": "September 11 attacks",
  "2001-09-13": "September 11 attacks",
  "2001-09-14": "September 11 attacks",
  "2004-06-11": "National day of mourning: Ronald Reagan",
  "2007-01-02": "National day of mourning: Gerald Ford",
  "2012-10-29": "Hurricane Sandy",
  "2012-10-30": "Hurricane Sandy",
  "2018-12-05": "National day of mourning: George H. W. Bush",
  "2025-01-09": "National day of mourning: Jimmy Carter",
};

const utcDay = (year: number, month: number, dayOfMonth: number) => Date.UTC(year, month - 1, dayOfMonth) / 86_400_000;

/** The n-th (1-based) given weekday (0 = Sunday) of a month, as an epoch day. */
function nthWeekday(year: number, month: number, dow: number, n: number): number {
  const first = utcDay(year, month, 1);
  return first + ((dow - weekday(first) + 7) % 7) + 7 * (n - 1);
}

/** The last given weekday of a month. */
function lastWeekday(year: number, month: number, dow: number): number {
  const last = utcDay(year, month + 1, 0);
  return last - ((weekday(last) - dow + 7) % 7);
}

/** Easter Sunday (Gregorian, anonymous computus / Meeus-Jones-Butcher). */
export function easterSunday(year: number): number {
  const a = year % 19, b = Math.floor(year / 100), c = year % 100;
  const d = Math.floor(b / 4), e = b % 4, f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), dayOfMonth = ((h + l - 7 * m + 114) % 31) + 1;
  return utcDay(year, month, dayOfMonth);
}

/** A fixed-date holiday moved off the weekend: Saturday -> Friday before, Sunday -> Monday after. */
function observed(day: number): number {
  const w = weekday(day);
  return w === 6 ? day - 1 : w === 0 ? day + 1 : day;
}

/**
 * NYSE full-day holidays of one year (rule-based plus special closures), ascending epoch days.
 * New Year's Day on a Saturday is not observed on the Friday before (Rule 7.2: that Friday ends a
 * year end), so 2022-01-01 gives no holiday. MLK Day from 1998, Juneteenth from 2022.
 */
export function nyseHolidays(year: number): number[] {
  const out: number[] = [];
  const ny = utcDay(year, 1, 1);
  if (weekday(ny) !== 6) out.push(observed(ny));
  if (year >= 1998) out.push(nthWeekday(year, 1, 1, 3)); // Martin Luther King Jr. Day
  out.push(nthWeekday(year, 2, 1, 3)); // Washington's Birthday (third Monday since 1971)
  out.push(easterSunday(year) - 2); // Good Friday
  out.push(lastWeekday(year, 5, 1)); // Memorial Day
  if (year >= 2022) out.push(observed(utcDay(year, 6, 19))); // Juneteenth
  out.push(observed(utcDay(year, 7, 4))); // Independence Day
  out.push(nthWeekday(year, 9, 1, 1)); // Labor Day
  out.push(nthWeekday(year, 11, 4, 4)); // Thanksgiving
  out.push(observed(utcDay(year, 12, 25))); // Christmas
  for (const iso of Object.keys(NYSE_SPECIAL_CLOSURES)) if (iso.startsWith(`${year}-`)) out.push(isoToDay(iso));
  // Presidential election days (the Tuesday after the first Monday of November) were full closures until 1980.
  if (year <= 1980 && year % 4 === 0) out.push(nthWeekday(year, 11, 1, 1) + 1);
  return [...new Set(out)].filter((d) => weekday(d) !== 0 && weekday(d) !== 6).sort((a, b) => a - b);
}

const holidayCache = new Map<number, Set<number>>();
function holidaySet(year: number): Set<number> {
  let s = holidayCache.get(year);
  if (!s) holidayCache.set(year, (s = new Set(nyseHolidays(year))));
  return s;
}

/** True when the NYSE is open for a (full or early-close) session on this epoch day. */
export function isNyseSession(day: number): boolean {
  const w = weekday(day);
  if (w === 0 || w === 6) return false;
  return !holidaySet(new Date(day * 86_400_000).getUTCFullYear()).has(day);
}

function toDay(d: number | string): number {
  return typeof d === "string" ? isoToDay(d) : d;
}

/**
 * NYSE sessions from start to end (both inclusive; ISO strings or epoch days).
 * @throws when end is before start or start is before 1973 (the rules here begin in 1973)
 * @example usEquitySessions("2025-01-08", "2025-01-10") // => days of 2025-01-08 and 2025-01-10 (Carter closure)
 */
export function usEquitySessions(start: number | string, end: number | string): Int32Array {
  const a = toDay(start), b = toDay(end);
  if (b < a) throw new Error(`usEquitySessions: end ${dayToIso(b)} is before start ${dayToIso(a)}`);
  if (a < isoToDay("1973-01-01")) throw new Error(`usEquitySessions: the NYSE rules here start in 1973 (got start ${dayToIso(a)})`);
  const out: number[] = [];
  for (let d = a; d <= b; d++) if (isNyseSession(d)) out.push(d);
  return Int32Array.from(out);
}

/** Every calendar day from start to end inclusive (crypto trades seven days a week; UTC dates). */
export function cryptoSessions(start: number | string, end: number | string): Int32Array {
  const a = toDay(start), b = toDay(end);
  if (b < a) throw new Error(`cryptoSessions: end ${dayToIso(b)} is before start ${dayToIso(a)}`);
  const out = new Int32Array(b - a + 1);
  for (let i = 0; i < out.length; i++) out[i] = a + i;
  return out;
}

/** Sessions of a named calendar between two dates. */
export function tradingSessions(calendar: CalendarName, start: number | string, end: number | string): Int32Array {
  return calendar === "24/7" ? cryptoSessions(start, end) : usEquitySessions(start, end);
}

/** The calendar a ticker trades on: crypto (`X:`) every day, everything else (incl. FX `C:`, by convention here) on NYSE sessions. */
export function calendarForTicker(ticker: string): CalendarName {
  return ticker.startsWith("X:") ? "24/7" : "XNYS";
}
