import { describe, expect, it } from 'vitest';
import { parseCalendarPattern } from './icalendar.js';

describe('parseCalendarPattern', () => {
  it("reads Karbor's stored pattern with literal \\n escapes", () => {
    expect(parseCalendarPattern('BEGIN:VEVENT\\nRRULE:FREQ=WEEKLY;INTERVAL=1;\\nEND:VEVENT')).toEqual({
      rules: [{ freq: 'WEEKLY', interval: 1, wkst: 1 }],
    });
  });

  it('reads real line breaks, CRLF, a VCALENDAR wrapper and folded lines', () => {
    const text = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'BEGIN:VEVENT',
      'SUMMARY:backup',
      'DTSTART:20260105T020000Z',
      'RRULE:FREQ=MONTHLY;',
      ' BYDAY=2TU',
      'BEGIN:VALARM',
      'RRULE:FREQ=DAILY',
      'END:VALARM',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    expect(parseCalendarPattern(text)).toEqual({
      rules: [{ freq: 'MONTHLY', interval: 1, wkst: 1, byDay: [{ weekday: 2, nth: 2 }] }],
      dtstart: new Date('2026-01-05T02:00:00Z'),
    });
  });

  it('keeps several RRULEs', () => {
    expect(
      parseCalendarPattern('BEGIN:VEVENT\nRRULE:FREQ=DAILY\nRRULE:FREQ=WEEKLY\nEND:VEVENT').rules,
    ).toHaveLength(2);
  });

  it('accepts DTSTART in UTC by TZID or as a date', () => {
    const pattern = (dtstart: string) => `BEGIN:VEVENT\n${dtstart}\nRRULE:FREQ=DAILY\nEND:VEVENT`;
    expect(parseCalendarPattern(pattern('DTSTART;TZID=UTC:20260101T010203')).dtstart).toEqual(
      new Date('2026-01-01T01:02:03Z'),
    );
    expect(parseCalendarPattern(pattern('DTSTART;VALUE=DATE:20260101')).dtstart).toEqual(
      new Date('2026-01-01Z'),
    );
  });

  it.each([
    ['RRULE:FREQ=DAILY', /no BEGIN:VEVENT/],
    ['BEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT', /no RRULE/],
    ['BEGIN:VEVENT\nRRULE:FREQ=DAILY', /no END:VEVENT/],
    ['BEGIN:VEVENT\nRRULE:FREQ=DAILY\nEND:VTODO', /unexpected END:VTODO/],
    ['BEGIN:VEVENT\nRRULE:FREQ=DAILY\nEXDATE:20260101T000000Z\nEND:VEVENT', /EXDATE is not supported/],
    [
      'BEGIN:VEVENT\nDTSTART;TZID=Europe/Paris:20260101T000000\nRRULE:FREQ=DAILY\nEND:VEVENT',
      /Europe\/Paris/,
    ],
    ['BEGIN:VEVENT\nnonsense\nEND:VEVENT', /not NAME:VALUE/],
  ])('rejects %j', (text, message) => {
    expect(() => parseCalendarPattern(text)).toThrow(message);
  });
});
