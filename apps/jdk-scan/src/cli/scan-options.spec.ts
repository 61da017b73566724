import { ConfigError } from '@keel/service-runtime';
import { loadJdkScanConfig } from '../config';
import { parseScanArgs, type ScanSettings } from './scan-options';

const noEnv = loadJdkScanConfig({});
const settings = (argv: string[], env: NodeJS.ProcessEnv = {}): ScanSettings => {
  const parsed = parseScanArgs(argv, loadJdkScanConfig(env));
  if (parsed.command !== 'scan') throw new Error('expected scan');
  return parsed.settings;
};

describe('parseScanArgs', () => {
  it("prints by default, with auto-detected docker/kubernetes and the host's own root", () => {
    expect(settings(['scan'])).toMatchObject({
      print: true,
      inventoryUrl: null,
      kafkaBrokers: null,
      topic: 'jdk.reports',
      processes: true,
      docker: 'auto',
      kubernetes: 'auto',
      timeoutMs: 15_000,
      hostRoot: '/',
      procRoot: '/proc',
    });
  });

  it('reads every option of the documented interface', () => {
    expect(
      settings([
        'scan',
        '--send',
        'http://inventory:3004',
        '--kafka=k1:9092,k2:9092',
        '--topic',
        'jdk.reports.test',
        '--label',
        'team=payments',
        '--label=service=checkout',
        '--root',
        '/srv/jdks/',
        '--no-processes',
        '--no-docker',
        '--kubernetes',
        '--output',
        '/tmp/r.json',
        '--timeout-ms',
        '2500',
      ]),
    ).toMatchObject({
      print: false,
      inventoryUrl: 'http://inventory:3004',
      kafkaBrokers: ['k1:9092', 'k2:9092'],
      topic: 'jdk.reports.test',
      labels: { team: 'payments', service: 'checkout' },
      roots: ['/srv/jdks/'],
      processes: false,
      docker: 'off',
      kubernetes: 'on',
      output: '/tmp/r.json',
      timeoutMs: 2500,
    });
  });

  it('takes destinations, labels and roots from the environment (the DaemonSet way)', () => {
    expect(
      settings(['scan'], {
        KEEL_INVENTORY_URL: 'http://jdk-inventory:3004',
        KAFKA_BROKERS: 'kafka:9092',
        KEEL_LABELS: 'team=x,service=y',
        KEEL_SCAN_ROOTS: '/srv/jdks:/data/tools',
        KEEL_HOST_ROOT: '/host',
      }),
    ).toMatchObject({
      print: false,
      inventoryUrl: 'http://jdk-inventory:3004',
      kafkaBrokers: ['kafka:9092'],
      labels: { team: 'x', service: 'y' },
      roots: ['/srv/jdks', '/data/tools'],
      hostRoot: '/host',
      procRoot: '/host/proc',
    });
  });

  it("lets --label override KEEL_LABELS, and --print alone ignore the environment's destinations", () => {
    const s = settings(['scan', '--print', '--label', 'team=z'], {
      KEEL_INVENTORY_URL: 'http://jdk-inventory:3004',
      KEEL_LABELS: 'team=x,service=y',
    });
    expect(s).toMatchObject({ print: true, inventoryUrl: null, labels: { team: 'z', service: 'y' } });
  });

  it.each([
    [['scan', '--bogus'], 'unknown option "--bogus"'],
    [['scan', '--send'], '--send needs a value'],
    [['scan', '--send', 'ftp://x'], '--send expects an http(s) URL (got "ftp://x")'],
    [['scan', '--kafka', 'kafka'], '--kafka expects host:port[,host:port...] (got "kafka")'],
    [['scan', '--label', 'team'], '--label expected key=value'],
    [['scan', '--label', '=x'], '--label expected key=value'],
    [['scan', '--root', 'relative/dir'], '--root expects an absolute path (got "relative/dir")'],
    [['scan', '--timeout-ms', 'soon'], '--timeout-ms expects a whole number of milliseconds (got "soon")'],
    [['scan', '--timeout-ms', '5'], '--timeout-ms must be between 100 and 600000 (got 5)'],
    [['scan', '--docker', '--no-docker'], '--docker and --no-docker contradict each other'],
    [['scan', '--topic', 'x'], '--topic needs --kafka (or KAFKA_BROKERS)'],
    [['scan', '--output', 'a', '--output', 'b'], '--output given twice'],
    [['scan', '--print=yes'], '--print takes no value'],
    [['scan', 'now'], 'unexpected argument "now"'],
    [['inventory'], 'unknown command "inventory"'],
    [[], 'missing command'],
  ])('refuses %j naming the option', (argv, message) => {
    expect(() => parseScanArgs(argv, noEnv)).toThrow(message);
  });

  it('answers --help without a command', () => {
    expect(parseScanArgs(['--help'], noEnv)).toEqual({ command: 'help' });
  });
});

describe('loadJdkScanConfig', () => {
  it('names every bad variable', () => {
    const load = () =>
      loadJdkScanConfig({
        KEEL_INVENTORY_URL: 'inventory:3004',
        KAFKA_BROKERS: 'kafka',
        KEEL_LABELS: 'team',
        KEEL_HOST_ROOT: 'host',
        KEEL_DOCKER: 'maybe',
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/KEEL_INVENTORY_URL: .*\(got "inventory:3004"\)/);
    expect(load).toThrow(/KAFKA_BROKERS: expected host:port/);
    expect(load).toThrow(/KEEL_LABELS: expected key=value/);
    expect(load).toThrow(/KEEL_HOST_ROOT: expected an absolute path/);
    expect(load).toThrow(/KEEL_DOCKER: /);
  });

  it('treats an empty variable as unset', () => {
    expect(loadJdkScanConfig({ KEEL_INVENTORY_URL: '', KEEL_LABELS: '' })).toMatchObject({ KEEL_LABELS: {} });
  });
});
