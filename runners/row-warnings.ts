/**
 * Warnings that can hold for many rows at once ("capacity ignored: the
 * program is one-to-one") are gathered by message and said once, with the
 * rows they apply to, instead of flooding the terminal with one line a row.
 */

/** How many row numbers a warning lists before it says "and N more". */
export const MAX_ROWS_LISTED = 10;

/** Collects row warnings; `lines(file)` renders one line per distinct message. */
export interface RowWarnings {
  add(row: number, message: string): void;
  lines(file: string): string[];
}

/** A fresh collector for one file. */
export function collectRowWarnings(): RowWarnings {
  const rowsByMessage = new Map<string, number[]>();
  return {
    add(row, message) {
      const rows = rowsByMessage.get(message);
      if (rows === undefined) rowsByMessage.set(message, [row]);
      else rows.push(row);
    },
    lines(file) {
      return [...rowsByMessage].map(([message, rows]) => {
        const shown = rows.slice(0, MAX_ROWS_LISTED).join(', ');
        const more = rows.length > MAX_ROWS_LISTED ? ` and ${rows.length - MAX_ROWS_LISTED} more` : '';
        return `${file}, row${rows.length === 1 ? '' : 's'} ${shown}${more}: ${message}`;
      });
    },
  };
}
