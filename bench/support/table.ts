/** A plain-text table: first column left-aligned, the others right-aligned (they hold numbers). */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)]
    .map((text) => `  ${text}`)
    .join('\n');
}

export const fixed = (value: number | null, digits = 1): string =>
  value === null || Number.isNaN(value) ? 'n/a' : value.toFixed(digits);

export const times = (value: number | null): string => (value === null ? 'n/a' : `${value.toFixed(2)}×`);

export const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;
