/** The local stack as tests see it; every value can be overridden from the environment. */
export interface StackEnv {
  /** Test shop DB on MariaDB (MySQL protocol). */
  mysqlUrl: string;
  /** Test DB on PostgreSQL: platform tables, and the PostgreSQL flavour of the shop DB. */
  postgresUrl: string;
  elasticsearchUrl: string;
  kafkaBrokers: string[];
  zookeeperConnect: string;
}

export function stackEnv(env: NodeJS.ProcessEnv = process.env): StackEnv {
  return {
    mysqlUrl: env['KEEL_TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306/keel_shop_test',
    postgresUrl: env['KEEL_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/keel_test',
    elasticsearchUrl: env['ELASTICSEARCH_URL'] ?? 'http://127.0.0.1:9200',
    kafkaBrokers: (env['KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(','),
    zookeeperConnect: env['ZOOKEEPER_CONNECT'] ?? '127.0.0.1:2181',
  };
}
