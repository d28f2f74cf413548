/** Numbers and times the way the console shows them. */

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

export const formatBytes = (bytes: number | undefined): string => {
  if (bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '—';
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${units[unit]}`;
};

export const formatDuration = (seconds: number | undefined): string => {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${Math.round(seconds * 10) / 10} s`;
  const whole = Math.round(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return h > 0 ? `${h} h ${m} min` : `${m} min ${s} s`;
};

/** Karbor's datetimes have no zone (`YYYY-MM-DDTHH:MM:SS.ffffff`) and are UTC. */
export const parseKarborDateTime = (text: string | null | undefined): Date | undefined => {
  if (!text) return undefined;
  const iso = /[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text.replace(' ', 'T')}Z`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
};

const pad = (n: number): string => String(n).padStart(2, '0');

/** `2026-11-22 08:39 UTC`: triggers fire in UTC, so the console says UTC everywhere. */
export const formatUtc = (date: Date | undefined): string =>
  date === undefined
    ? '—'
    : `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
      `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;

export const shortId = (id: string | null | undefined): string => (id ? id.slice(0, 8) : '—');
