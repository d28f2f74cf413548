import { describe, expect, it } from 'vitest';
import { parseDict, parseTable } from './table.js';

const list = `+------+-----------------+
| Id   | Protection plan |
+------+-----------------+
| a|1  | Name: p1        |
|      | Id: 7           |
| b    | Name: p2        |
+------+-----------------+
`;

const details = `+------------+-----------------------+
| Property   | Value                 |
+------------+-----------------------+
| id         | 42                    |
| parameters | {                     |
|            |   "k": "v"            |
|            | }                     |
+------------+-----------------------+
`;

describe('legacy CLI table parsing', () => {
  it('joins continuation lines of a list row and keeps pipes inside cells', () => {
    expect(parseTable(list)).toEqual([
      { Id: 'a|1', 'Protection plan': 'Name: p1\nId: 7' },
      { Id: 'b', 'Protection plan': 'Name: p2' },
    ]);
  });

  it('reads a Property/Value table into an object whose JSON values parse', () => {
    const row = parseDict(details);
    expect(row.id).toBe('42');
    expect(JSON.parse(row.parameters as string)).toEqual({ k: 'v' });
  });

  it('reads an empty list as no rows and rejects output without a table', () => {
    expect(parseTable('+----+\n| Id |\n+----+\n+----+\n')).toEqual([]);
    expect(() => parseTable('ERROR: nothing')).toThrow(/no table/);
  });
});
