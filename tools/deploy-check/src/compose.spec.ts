import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { appConfig, appNames, rootVersion, serviceApps, workspaceRoot } from './lib/workspace';

// What `docker compose config` would refuse, and our own rules, checked without a Docker engine:
// every app is built from its Dockerfile, health-checked on /health, started after what it needs is
// healthy, published on the local stack's port, and given only variables its config reads, pointing
// at the compose services.
type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const compose = parse(readFileSync(path.join(workspaceRoot, 'docker-compose.yml'), 'utf8'), {
  merge: true,
}) as { name: string; services: Record<string, Any>; volumes?: Record<string, unknown> };
const services = compose.services;
const infrastructure = ['zookeeper', 'kafka', 'elasticsearch', 'postgres', 'mariadb'];
/** Which compose service a variable's value must name. */
const serverOf: Record<string, string> = {
  PLATFORM_DB_URL: 'postgres',
  SHOP_DB_URL: 'mariadb',
  ELASTICSEARCH_URL: 'elasticsearch',
  KAFKA_BROKERS: 'kafka',
  ZOOKEEPER_CONNECT: 'zookeeper',
};
const hostsOf = (value: string): string[] =>
  value.includes('://')
    ? [new URL(value).hostname]
    : value.split(',').map((pair) => pair.split(':')[0] as string);

it('has only the top-level keys compose knows', () => {
  for (const key of Object.keys(compose)) {
    expect(
      ['name', 'services', 'volumes', 'networks', 'configs', 'secrets'].includes(key) || key.startsWith('x-'),
    ).toBe(true);
  }
});

/** tools/local-stack/versions.env: the one list of server versions (KEY=value lines). */
const versions = Object.fromEntries(
  readFileSync(path.join(workspaceRoot, 'tools/local-stack/versions.env'), 'utf8')
    .split('\n')
    .map((line) => /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => [match[1], match[2]]),
) as Record<string, string>;

it('runs the infrastructure of the local stack with health checks, at the versions of versions.env', () => {
  for (const name of infrastructure) expect(services[name]?.healthcheck?.test).toBeDefined();
  // Compose cannot read versions.env without a flag, so its literal tags are held to it here.
  expect({
    zookeeper: services['zookeeper'].image,
    kafka: services['kafka'].image,
    elasticsearch: services['elasticsearch'].image,
    postgres: services['postgres'].image,
    mariadb: services['mariadb'].image,
  }).toEqual({
    zookeeper: `zookeeper:${versions['ZOOKEEPER_VERSION']}`,
    kafka: `apache/kafka:${versions['KAFKA_VERSION']}`,
    elasticsearch: `docker.elastic.co/elasticsearch/elasticsearch:${versions['ELASTICSEARCH_VERSION']}`,
    postgres: `postgres:${versions['POSTGRES_IMAGE_VERSION']}`,
    mariadb: `mariadb:${versions['MARIADB_IMAGE_VERSION']}`,
  });
});

it('keeps the JMH and server poms free of versions of their own (they come from versions.env)', () => {
  for (const pom of [
    'tools/jmh-benchmarks/pom.xml',
    'tools/jmh-benchmarks/faulty/pom.xml',
    'tools/local-stack/pom.xml',
  ]) {
    const text = readFileSync(path.join(workspaceRoot, pom), 'utf8');
    expect({
      pom,
      defines: /<(jmh|zookeeper|kafka|elasticsearch)\.version>/.exec(text)?.[0] ?? null,
    }).toEqual({
      pom,
      defines: null,
    });
  }
  expect(versions['JMH_VERSION']).toMatch(/^\d+\.\d+/);
});

it('references only declared services and named volumes, with no start-up cycle', () => {
  const declaredVolumes = new Set(Object.keys(compose.volumes ?? {}));
  for (const [name, service] of Object.entries(services)) {
    for (const dependency of Object.keys(service.depends_on ?? {}))
      expect(services[dependency]).toBeDefined();
    for (const volume of service.volumes ?? []) {
      const source = String(volume).split(':')[0] as string;
      if (!source.startsWith('.') && !source.startsWith('/'))
        expect({ name, source, declared: declaredVolumes.has(source) }).toEqual({
          name,
          source,
          declared: true,
        });
      else if (source.startsWith('.')) expect(existsSync(path.join(workspaceRoot, source))).toBe(true);
    }
  }
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (name: string, trail: string[]) => {
    if (done.has(name)) return;
    if (visiting.has(name)) throw new Error(`depends_on cycle: ${[...trail, name].join(' -> ')}`);
    visiting.add(name);
    for (const dependency of Object.keys(services[name]?.depends_on ?? {}))
      visit(dependency, [...trail, name]);
    visiting.delete(name);
    done.add(name);
  };
  for (const name of Object.keys(services)) visit(name, []);
});

describe.each(appNames())('app %s', (app) => {
  const service = services[app];
  const config = appConfig(app);

  it('is built from its Dockerfile, tagged with the workspace version', () => {
    expect(service.build).toEqual({ context: '.', dockerfile: `apps/${app}/Dockerfile` });
    expect(service.image).toBe(`keel/${app}:${rootVersion}`);
  });

  it('starts after every service it depends on is healthy, and each of those has a health check', () => {
    const dependencies = Object.entries(service.depends_on ?? {}) as [string, { condition: string }][];
    expect(dependencies.length).toBeGreaterThan(0);
    for (const [name, { condition }] of dependencies) {
      expect({ name, condition }).toEqual({ name, condition: 'service_healthy' });
      expect(services[name].healthcheck?.test ?? services[name].build).toBeDefined();
    }
  });

  it('gets only variables its config reads, pointing at services it waits for', () => {
    const environment = service.environment as Record<string, string>;
    for (const [name, value] of Object.entries(environment)) {
      expect({ name, known: config?.keys.has(name) }).toEqual({ name, known: true });
      expect(typeof value).toBe('string');
      const server = serverOf[name];
      if (server) {
        for (const host of hostsOf(value)) expect({ name, host }).toEqual({ name, host: server });
        expect(Object.keys(service.depends_on)).toContain(server);
      }
      if (name.endsWith('_RPC_URL')) {
        const { hostname, port } = new URL(value);
        expect(services[hostname]?.expose).toContain(port);
        expect(Object.keys(service.depends_on)).toContain(hostname);
      }
    }
  });

  if (config?.port !== undefined) {
    const port = config.port;
    it(`publishes ${port} on loopback and is healthy when /health answers`, () => {
      expect(service.ports).toEqual([`127.0.0.1:${port}:${port}`]);
      if (config.rpc) expect(service.expose).toEqual([String(port + 1000)]);
      const test = (service.healthcheck.test as string[]).join(' ');
      expect(test).toContain(`http://127.0.0.1:${port}/health'`);
      expect(service.restart).toBe('unless-stopped');
    });
  } else {
    it('is a one-shot agent behind a profile, host filesystem read-only', () => {
      expect(service.profiles).toEqual(['scan']);
      expect(service.volumes).toEqual(['/:/host:ro']);
      expect(service.environment['KEEL_HOST_ROOT']).toBe('/host');
      expect(service.read_only).toBe(true);
    });
  }
});

it('runs every server app of the workspace', () => {
  expect(
    serviceApps()
      .map((c) => c.app)
      .filter((app) => !services[app]),
  ).toEqual([]);
});
