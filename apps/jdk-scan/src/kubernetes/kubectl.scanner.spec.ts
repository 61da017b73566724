import { loadKnowledge } from '@keel/jdk-detect';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RecordedRunner } from '../runner/recorded-runner';
import { javaContainers, scanPods } from './kubectl.scanner';

// recorded outputs and where their format comes from: src/fixtures/README.md
const pods = readFileSync(join(__dirname, '../fixtures/kubectl-get-pods.json'), 'utf8');
const showSettings = readFileSync(
  join(__dirname, '../../../../libs/jdk-detect/src/fixtures/local-temurin-25.showsettings.txt'),
  'utf8',
);
const knowledge = loadKnowledge();

describe('javaContainers', () => {
  it('picks the running containers that look like Java, by image, env or command', () => {
    expect(javaContainers(JSON.parse(pods))).toEqual([
      {
        namespace: 'payments',
        pod: 'checkout-7d9f8c6b5-x2kqp',
        container: 'app',
        image: 'registry.example.com/payments/checkout:1.4.2',
        javaHome: null,
      },
      {
        namespace: 'streaming',
        pod: 'kafka-0',
        container: 'kafka',
        image: 'apache/kafka:4.1.1',
        javaHome: null,
      },
    ]);
  });
});

describe('scanPods', () => {
  const options = (runner: RecordedRunner, mode: 'auto' | 'on' | 'off' = 'auto') => ({
    runner,
    knowledge,
    mode,
    timeoutMs: 5000,
  });

  it('gives one problem when kubectl has no current context', async () => {
    const runner = new RecordedRunner([
      {
        prefix: 'kubectl config current-context',
        result: { exitCode: 1, stderr: 'error: current-context is not set\n' },
      },
    ]);
    await expect(scanPods(options(runner))).resolves.toEqual({
      installations: [],
      problems: [
        {
          source: 'kubernetes',
          message:
            'kubectl config current-context exited with status 1: error: current-context is not set; pods not scanned',
        },
      ],
    });
  });

  it('execs java in each Java container and reports what it says, or why it could not', async () => {
    const runner = new RecordedRunner([
      { prefix: 'kubectl config current-context', result: { stdout: 'prod-eu-1\n' } },
      { prefix: 'kubectl get pods --all-namespaces -o json', result: { stdout: pods } },
      {
        prefix: 'kubectl exec -n payments checkout-7d9f8c6b5-x2kqp -c app --request-timeout=5s -- java',
        result: { stderr: showSettings },
      },
      {
        prefix: 'kubectl exec -n streaming kafka-0',
        result: {
          exitCode: 1,
          stderr:
            'error: Internal error occurred: error executing command in container: exec: "java": executable file not found in $PATH\n',
        },
      },
    ]);
    const result = await scanPods(options(runner));
    expect(result.installations).toEqual([
      {
        path: '/usr/lib/jvm/temurin-25-jdk-amd64',
        location: {
          kind: 'pod',
          namespace: 'payments',
          pod: 'checkout-7d9f8c6b5-x2kqp',
          container: 'app',
          image: 'registry.example.com/payments/checkout:1.4.2',
        },
        foundBy: ['pod'],
        evidence: 'show-settings',
        detection: expect.objectContaining({ distribution: 'temurin' }),
      },
    ]);
    expect(result.problems).toEqual([
      {
        source: 'pod:streaming/kafka-0/kafka',
        message: expect.stringMatching(/^kubectl exec \$JAVA_HOME\/bin\/java exited with status 1/),
      },
    ]);
  });

  it('does nothing with --no-kubernetes, and stays silent without kubectl in auto mode', async () => {
    const off = new RecordedRunner([]);
    await expect(scanPods(options(off, 'off'))).resolves.toEqual({ installations: [], problems: [] });
    expect(off.calls).toEqual([]);
    await expect(scanPods(options(new RecordedRunner([])))).resolves.toEqual({
      installations: [],
      problems: [],
    });
    const asked = await scanPods(options(new RecordedRunner([]), 'on'));
    expect(asked.problems).toHaveLength(1);
  });
});
