/** File sizes as people read them: "834 KB", "5.2 MB" ("5,2 MB" in German). Binary multiples, as file managers count. */
const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

export function formatFileSize(bytes: number, locale: string): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // "512 bytes" reads better than the short "512 byte".
  const unitDisplay = unit === 0 ? 'long' : 'short';
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[unit], unitDisplay, maximumFractionDigits: unit < 2 ? 0 : 1 }).format(value);
}
