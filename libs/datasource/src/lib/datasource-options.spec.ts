import { UnsupportedDatabaseUrl, dataSourceOptionsFromUrl, dialectOf, redactUrl } from './datasource-options';

describe('dataSourceOptionsFromUrl', () => {
  it('reads a MariaDB URL as MySQL in UTC', () => {
    const options = dataSourceOptionsFromUrl('mysql://root@127.0.0.1:3306/keel_shop');
    expect(options).toMatchObject({
      type: 'mysql',
      host: '127.0.0.1',
      port: 3306,
      username: 'root',
      database: 'keel_shop',
      timezone: 'Z',
    });
  });

  it('reads a PostgreSQL URL with an encoded password', () => {
    const options = dataSourceOptionsFromUrl('postgresql://keel:p%40ss@db:6543/keel');
    expect(options).toMatchObject({
      type: 'postgres',
      host: 'db',
      port: 6543,
      username: 'keel',
      password: 'p@ss',
    });
  });

  it('puts the tables in the schema named by ?schema=', () => {
    const options = dataSourceOptionsFromUrl('postgres://postgres@127.0.0.1:5432/keel_test?schema=run_1');
    expect(options).toMatchObject({ database: 'keel_test', extra: { options: '-c search_path=run_1' } });
    expect(() => dataSourceOptionsFromUrl('postgres://h/db?schema=x;drop')).toThrow(/invalid schema/);
  });

  it('refuses other protocols, without leaking the password', () => {
    expect(() => dialectOf('redis://u:secret@h:6379/0')).toThrow(UnsupportedDatabaseUrl);
    expect(() => dialectOf('redis://u:secret@h:6379/0')).toThrow(/redis:\/\/u:\*\*\*@h:6379\/0/);
    expect(redactUrl('postgres://a:b@c/d')).toBe('postgres://a:***@c/d');
  });
});
