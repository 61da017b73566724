import { multiRowInsert } from './bulk-insert';

const columns = [
  { name: 'id', pgType: 'bigint' },
  { name: 'name', pgType: 'text' },
];

describe('multiRowInsert', () => {
  it('passes MySQL rows as one nested array for VALUES ?', () => {
    const rows = [
      [1, 'a'],
      [2, 'b'],
    ];
    expect(multiRowInsert('mysql', 'tags', columns, rows)).toEqual({
      sql: 'INSERT INTO tags (id, name) VALUES ?',
      params: [rows],
    });
  });

  it('passes PostgreSQL rows as one array per column through unnest', () => {
    expect(
      multiRowInsert('postgres', 'tags', columns, [
        [1, "it's"],
        [2, 'b,"c"'],
      ]),
    ).toEqual({
      sql: 'INSERT INTO tags (id, name) SELECT * FROM unnest(?::bigint[], ?::text[])',
      params: [
        [1, 2],
        ["it's", 'b,"c"'],
      ],
    });
  });
});
