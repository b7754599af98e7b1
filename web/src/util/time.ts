// The one formatter of times in the console: the browser's local time as yyyy-MM-dd HH:mm:ss.
// The APIs answer ISO 8601 in UTC ("2026-01-02T03:04:05Z"); a seal's validity travels as the
// provincial specification's wire time ("yyyy-MM-dd HH:mm:ss", Beijing time: validate/rules.ts),
// converted here like the rest.
import { parseWireTime } from '../validate/rules';

const pad = (n: number) => String(n).padStart(2, '0');

export function formatTime(value: string | null | undefined, withSeconds = true): string {
  if (!value) return '—';
  const wire = parseWireTime(value);
  const d = wire !== null ? new Date(wire) : new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}${withSeconds ? ':' + pad(d.getSeconds()) : ''}`;
  return `${date} ${time}`;
}
