import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface ChartTableColumn<Row> {
  label: string;
  value: (row: Row) => string;
}

interface ChartTableProps<Row> {
  /** Says what the table holds, e.g. "Loss and accuracy per epoch". */
  caption: string;
  columns: ChartTableColumn<Row>[];
  rows: Row[];
  testId?: string;
}

/**
 * A chart's values as a table, for screen readers, keyboards and anyone who wants the numbers:
 * behind a disclosure, and built only while open, so a chart redrawn every epoch costs nothing more.
 */
export function ChartTable<Row>({ caption, columns, rows, testId = 'chart-table' }: ChartTableProps<Row>) {
  const { t } = useTranslation('charts');
  const [open, setOpen] = useState(false);
  return (
    <details className="chart-table" data-testid={testId} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('showTable')}</summary>
      {open && (
        // Focusable, so a keyboard can scroll a long table (axe: scrollable-region-focusable).
        <div className="chart-table-scroll" tabIndex={0} role="region" aria-label={caption}>
          <table>
            <caption>{caption}</caption>
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.label} scope="col">
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={i}>
                  {columns.map((c, j) =>
                    j === 0 ? (
                      <th key={c.label} scope="row">
                        {c.value(row)}
                      </th>
                    ) : (
                      <td key={c.label}>{c.value(row)}</td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}

/** "0.123" for a number, an em dash for a missing value. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits);
}

/** "87%" for 0.87, an em dash for a missing value. */
export function formatPercent(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : `${Math.round(value * 100)}%`;
}
