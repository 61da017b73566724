import { bulkInsertSql } from './bulk-sql';

describe('bulkInsertSql', () => {
  it('reads every row from one jsonb parameter, upserting with a guard', () => {
    const sql = bulkInsertSql({
      table: 'jdk_hosts',
      columns: [
        ['host_key', 'text'],
        ['last_seen_at', 'timestamptz'],
      ],
      conflict: '(host_key)',
      update: ['last_seen_at'],
      updateWhere: 't.last_seen_at <= EXCLUDED.last_seen_at',
      orderBy: 'host_key',
    });
    expect(sql).toBe(
      'INSERT INTO jdk_hosts AS t (host_key, last_seen_at) SELECT host_key, last_seen_at FROM ' +
        'jsonb_to_recordset($1::jsonb) AS x(host_key text, last_seen_at timestamptz) ORDER BY host_key ' +
        'ON CONFLICT (host_key) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at WHERE t.last_seen_at <= EXCLUDED.last_seen_at',
    );
  });

  it('DO NOTHING without update columns', () => {
    expect(bulkInsertSql({ table: 't', columns: [['a', 'int']], conflict: '(a)', returning: 'a' })).toMatch(
      /ON CONFLICT \(a\) DO NOTHING RETURNING a$/,
    );
  });
});
