/**
 * Parses the prettytable output of the legacy `karbor` CLI (it has no `-f json`). Column
 * spans come from the `+----+` border, so cell text containing `|` is safe. A line whose first
 * cell is empty continues the previous row (multi-line cells such as pretty-printed JSON or
 * "Name: ..\nId: .."); its cells are joined with newlines.
 */

export class TableParseError extends Error {
  override name = 'TableParseError';
}

export type Row = Record<string, string>;

const columnSpans = (border: string): Array<[number, number]> => {
  const plus: number[] = [];
  for (let i = 0; i < border.length; i += 1) if (border[i] === '+') plus.push(i);
  const spans: Array<[number, number]> = [];
  for (let i = 0; i + 1 < plus.length; i += 1) spans.push([plus[i] as number, plus[i + 1] as number]);
  return spans;
};

const cells = (line: string, spans: Array<[number, number]>): string[] =>
  spans.map(([start, end]) => line.slice(start + 2, end).trimEnd());

/** Rows of the first table in `output`, keyed by header. */
export const parseTable = (output: string): Row[] => {
  const lines = output.split('\n').map((line) => line.replace(/\r$/, ''));
  const first = lines.findIndex((line) => /^\+-[-+]*\+$/.test(line));
  if (first < 0) throw new TableParseError(`no table in output:\n${output}`);
  const border = lines[first] as string;
  const spans = columnSpans(border);
  const headerLine = lines[first + 1];
  if (headerLine === undefined || lines[first + 2] !== border)
    throw new TableParseError(`no header:\n${output}`);
  const headers = cells(headerLine, spans).map((header) => header.trim());
  const rows: string[][] = [];
  for (let i = first + 3; i < lines.length && lines[i] !== border; i += 1) {
    const values = cells(lines[i] as string, spans);
    const previous = rows.at(-1);
    if (previous && values[0]?.trim() === '') {
      values.forEach((value, column) => {
        if (value.trim() !== '') previous[column] = `${previous[column] ?? ''}\n${value}`;
      });
    } else {
      rows.push(values);
    }
  }
  return rows.map((values) =>
    Object.fromEntries(headers.map((header, column) => [header, (values[column] ?? '').trim()])),
  );
};

/** A `Property | Value` table (print_dict) as an object. */
export const parseDict = (output: string): Row => {
  const rows = parseTable(output);
  const [keyColumn, valueColumn] = Object.keys(rows[0] ?? { Property: '', Value: '' });
  return Object.fromEntries(rows.map((row) => [row[keyColumn as string], row[valueColumn as string] ?? '']));
};
