// Building an Intl.DateTimeFormat costs about a millisecond; a submission needs today's date, so keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) at `now` in the given IANA time zone, e.g. Asia/Jakarta. */
export function calendarDate(now: Date, timeZone: string): string {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-CA formats dates as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(now);
}

export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const dateTimeFormatters = new Map<string, Intl.DateTimeFormat>();

/** An ISO timestamp as local date and time in the zone, e.g. "2026-11-28 16:29" (Asia/Jakarta). */
export function localDateTime(iso: string, timeZone: string): string {
  let formatter = dateTimeFormatters.get(timeZone);
  if (!formatter) {
    // sv-SE formats as YYYY-MM-DD HH:MM.
    formatter = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    dateTimeFormatters.set(timeZone, formatter);
  }
  return formatter.format(new Date(iso));
}

const hourFormatters = new Map<string, Intl.DateTimeFormat>();

/** The hour of the day (0–23) at `now` in the given IANA time zone. */
export function localHour(now: Date, timeZone: string): number {
  let formatter = hourFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' });
    hourFormatters.set(timeZone, formatter);
  }
  return Number(formatter.format(now));
}
