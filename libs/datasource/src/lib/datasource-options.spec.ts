import {
  UnsupportedDatabaseUrl,
  dataSourceOptionsFromUrl,
  databaseTls,
  dialectOf,
  redactUrl,
} from './datasource-options';

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

describe('databaseTls', () => {
  const files: Record<string, string> = { '/etc/keel/ca.pem': 'CA PEM' };
  const read = (file: string) => files[file] ?? '';

  it('passes sslmode through instead of dropping it', () => {
    expect(databaseTls('postgres://keel@db:5432/keel', read)).toBe(false);
    expect(databaseTls('postgres://keel@db:5432/keel?sslmode=require', read)).toEqual({
      rejectUnauthorized: false,
    });
    expect(
      databaseTls('postgres://keel@db/keel?sslmode=verify-full&sslrootcert=/etc/keel/ca.pem', read),
    ).toEqual({
      rejectUnauthorized: true,
      ca: 'CA PEM',
    });
    const verifyCa = databaseTls(
      'postgres://keel@db/keel?sslmode=verify-ca&sslrootcert=/etc/keel/ca.pem',
      read,
    );
    expect(verifyCa).toMatchObject({ rejectUnauthorized: true, ca: 'CA PEM' });
    expect(verifyCa && verifyCa.checkServerIdentity?.()).toBeUndefined();
    expect(
      databaseTls('mysql://root@shop/keel_shop?ssl-mode=VERIFY_IDENTITY&ssl-ca=/etc/keel/ca.pem', read),
    ).toEqual({
      rejectUnauthorized: true,
      ca: 'CA PEM',
    });
  });

  it('refuses an unknown mode naming the parameter, without the password', () => {
    expect(() => databaseTls('postgres://keel:secret@db/keel?sslmode=strict', read)).toThrow(
      /invalid sslmode "strict" in postgres:\/\/keel:\*\*\*@db\/keel/,
    );
  });

  it('ends up in the TypeORM options of both dialects', () => {
    expect(dataSourceOptionsFromUrl('postgres://keel@db/keel?sslmode=require')).toMatchObject({
      ssl: { rejectUnauthorized: false },
    });
    expect(dataSourceOptionsFromUrl('mysql://root@shop/keel_shop?ssl-mode=REQUIRED')).toMatchObject({
      ssl: { rejectUnauthorized: false },
    });
    expect(dataSourceOptionsFromUrl('mysql://root@shop/keel_shop')).toMatchObject({ ssl: undefined });
  });
});
