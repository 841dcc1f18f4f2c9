// Rows of plain objects as a GitHub-flavoured markdown table (for notebooks and REPORT.md).
export function markdownTable(rows: Record<string, unknown>[], digits = 3): string {
  if (rows.length === 0) return '_(no rows)_';
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const fmt = (v: unknown) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(digits)) : v == null ? '' : String(v))
    .replace(/\|/g, '\\|');
  return [`| ${cols.join(' | ')} |`, `| ${cols.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${cols.map((c) => fmt(r[c])).join(' | ')} |`)].join('\n');
}
