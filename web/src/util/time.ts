// The one formatter of times in the console: the browser's local time as yyyy-MM-dd HH:mm:ss.
// The APIs answer ISO 8601 in UTC ("2026-01-02T03:04:05Z"); a wire time of the provincial
// specification ("yyyy-MM-dd HH:mm:ss", no zone) is already local to its reader and is shown as it is.
const pad = (n: number) => String(n).padStart(2, '0');

export function formatTime(value: string | null | undefined, withSeconds = true): string {
  if (!value) return '—';
  if (!/[T]/.test(value) || !/(Z|[+-]\d\d:?\d\d)$/.test(value)) return withSeconds ? value : value.slice(0, 16);
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}${withSeconds ? ':' + pad(d.getSeconds()) : ''}`;
  return `${date} ${time}`;
}
