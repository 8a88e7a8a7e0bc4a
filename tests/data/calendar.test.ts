// NYSE calendar by rule, checked against the exchange's published holiday lists and against the
// dates of the shipped real bars; the seven-day crypto calendar.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cryptoSessions, easterSunday, isNyseSession, nyseHolidays, usEquitySessions, calendarForTicker } from "../../src/data/calendar";
import { loadShippedBars } from "../../src/data/shipped";
import { dayToIso, isoToDay } from "../../src/util/dates";

const iso = (days: Iterable<number>) => Array.from(days, dayToIso);

test("nyseHolidays(2025) is the NYSE's published list plus the Carter day of mourning", () => {
  // nyse.com/markets/hours-calendars, 2025 column; 2025-01-09 closure announced 2024-12-30.
  assert.deepEqual(iso(nyseHolidays(2025)), [
    "2025-01-01", "2025-01-09", "2025-01-20", "2025-02-17", "2025-04-18", "2025-05-26", "2025-06-19", "2025-07-04", "2025-09-01", "2025-11-27", "2025-12-25",
  ]);
});

test("nyseHolidays(2022): New Year's Day on a Saturday is not observed; Juneteenth (Sunday) observed Monday 06-20", () => {
  assert.deepEqual(iso(nyseHolidays(2022)), [
    "2022-01-17", "2022-02-21", "2022-04-15", "2022-05-30", "2022-06-20", "2022-07-04", "2022-09-05", "2022-11-24", "2022-12-26",
  ]);
  assert.equal(isNyseSession(isoToDay("2021-12-31")), true);
});

test("special closures are not sessions: Sandy 2012-10-29/30, Bush 2018-12-05, Carter 2025-01-09, 9/11 week, Ford 2007-01-02", () => {
  for (const d of ["2012-10-29", "2012-10-30", "2018-12-05", "2025-01-09", "2001-09-11", "2001-09-14", "2007-01-02", "2004-06-11", "1994-04-27"]) {
    assert.equal(isNyseSession(isoToDay(d)), false, d);
  }
  assert.equal(isNyseSession(isoToDay("2012-10-31")), true);
  assert.deepEqual(iso(usEquitySessions("2025-01-08", "2025-01-10")), ["2025-01-08", "2025-01-10"]);
});

test("easterSunday matches known dates (2008-03-23, 2019-04-21, 2024-03-31, 2038-04-25)", () => {
  assert.deepEqual([2008, 2019, 2024, 2038].map((y) => dayToIso(easterSunday(y))), ["2008-03-23", "2019-04-21", "2024-03-31", "2038-04-25"]);
});

test("usEquitySessions from 2007-04-11 to 2025-09-26 has 4,647 sessions (the data README's common-day count)", () => {
  assert.equal(usEquitySessions("2007-04-11", "2025-09-26").length, 4647);
});

test("every shipped SPY bar (1993-2025) falls on a session and every session has a bar", async () => {
  const spy = await loadShippedBars("SPY");
  const sessions = usEquitySessions(spy.dates[0], spy.dates[spy.dates.length - 1]);
  assert.equal(sessions.length, spy.dates.length);
  assert.deepEqual(Array.from(sessions), Array.from(spy.dates));
});

test("every shipped AAPL bar since 1980-12-12 agrees with the calendar (Gloria 1985, Nixon 1994, 1980s rules)", async () => {
  const aapl = await loadShippedBars("AAPL");
  const sessions = usEquitySessions(aapl.dates[0], aapl.dates[aapl.dates.length - 1]);
  assert.deepEqual(iso(sessions).filter((d, i) => d !== dayToIso(aapl.dates[i])).slice(0, 1), []);
  assert.equal(sessions.length, aapl.dates.length);
});

test("cryptoSessions has every day, weekends included; X: tickers use it", () => {
  assert.deepEqual(iso(cryptoSessions("2020-02-28", "2020-03-02")), ["2020-02-28", "2020-02-29", "2020-03-01", "2020-03-02"]);
  assert.equal(calendarForTicker("X:BTCUSD"), "24/7");
  assert.equal(calendarForTicker("SPY"), "XNYS");
});

test("usEquitySessions rejects an inverted range and dates before 1973, naming them", () => {
  assert.throws(() => usEquitySessions("2020-01-02", "2019-12-31"), /usEquitySessions: end 2019-12-31 is before start 2020-01-02/);
  assert.throws(() => usEquitySessions("1970-01-02", "1971-01-01"), /start in 1973/);
});
