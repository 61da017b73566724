import { readdirSync } from 'node:fs';
import path from 'node:path';
import { validateObject } from './lib/k8s-schema';
import { containersOf, podSpecs, renderKustomization, splitImage } from './lib/kustomize';
import { appConfig, rootVersion, serviceApps, workspaceRoot } from './lib/workspace';

// Renders every overlay of deploy/k8s (src/lib/kustomize.ts; test/kustomize-parity.spec.ts holds it
// equal to `kubectl kustomize`) and checks each object against the Kubernetes schemas and our rules.
const overlaysDir = path.join(workspaceRoot, 'deploy/k8s/overlays');
const overlays = readdirSync(overlaysDir).sort();
/** Secrets an overlay uses but does not carry: created outside git (docs/operations.md). */
const identitySecrets = [
  'keel-agent-keys',
  // one service identity per deployed app, as the workspace lists them
  ...serviceApps().map(({ app }) => `keel-identity-${app}`),
];
const externalSecrets: Record<string, string[]> = {
  prod: ['keel-databases', ...identitySecrets],
  dev: identitySecrets,
};
/** Variables read by a lib rather than the app's config schema. */
const readByLibs = new Set([
  'KEEL_JDK_DATA_DIR',
  'KEEL_IDENTITY_KEY',
  'KEEL_IDENTITY_TRUST',
  'AGENT_KEY_SECRETS',
  // @keel/kafka-bus reads these for every app
  'KAFKA_SSL',
  'KAFKA_SASL_MECHANISM',
]);

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Container = Any;

const appOfImage = (image: string) => splitImage(image).name.split('/').pop() as string;

describe.each(overlays)('overlay %s', (overlay) => {
  const objects = renderKustomization(path.join(overlaysDir, overlay));
  const find = (kind: string, name: string): Any =>
    objects.find((o) => o.kind === kind && o.metadata.name === name);
  const ofKind = (kind: string): Any[] => objects.filter((o) => o.kind === kind);
  const configMap = (name: string): Any => ofKind('ConfigMap').find((o) => o.metadata.name === name);
  const workloads = objects.filter((o) => podSpecs(o).length > 0);
  const containers = workloads.flatMap((w) =>
    podSpecs(w).flatMap((spec: Any) =>
      containersOf(spec).map((c) => ({ workload: w, spec, container: c as Container })),
    ),
  );

  it('renders objects that all validate against their Kubernetes schemas', () => {
    expect(objects.length).toBeGreaterThan(0);
    const errors = objects.flatMap((object) => {
      try {
        validateObject(object);
        return [];
      } catch (error) {
        return [(error as Error).message];
      }
    });
    expect(errors).toEqual([]);
  });

  it('puts every namespaced object in the overlay namespace, which it creates', () => {
    const [namespace] = ofKind('Namespace');
    expect(namespace).toBeDefined();
    for (const object of objects.filter((o) => o.kind !== 'Namespace')) {
      expect(`${object.kind}/${object.metadata.name} in ${object.metadata.namespace}`).toBe(
        `${object.kind}/${object.metadata.name} in ${namespace.metadata.name}`,
      );
    }
  });

  describe.each(serviceApps().map((c) => [c.app, c] as const))('%s', (app, config) => {
    const deployment = find('Deployment', app);
    const [spec]: Any[] = deployment ? podSpecs(deployment) : [];
    const container: Container = spec?.containers?.find((c: Container) => c.name === app);
    const portNamed = (name: string) => container?.ports?.find((p: Any) => p.name === name)?.containerPort;

    it('is a Deployment of its image, listening where its config says', () => {
      expect(appOfImage(container.image)).toBe(app);
      expect(portNamed('http')).toBe(config.port);
      if (config.rpc) expect(portNamed('rpc')).toBe(config.port + 1000);
    });

    it('probes /health/live for liveness and /health for readiness, on its HTTP port', () => {
      expect(container.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
      expect(container.readinessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
      if (container.startupProbe) expect(container.startupProbe.httpGet.path).toBe('/health/live');
    });

    it('requests CPU and memory and caps memory; runs as non-root', () => {
      expect(container.resources.requests).toEqual({ cpu: expect.anything(), memory: expect.anything() });
      expect(container.resources.limits.memory).toBeDefined();
      expect(spec.securityContext.runAsNonRoot).toBe(true);
      expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
    });

    it('has a PodDisruptionBudget selecting its pods, and a Service on its ports', () => {
      const labels = deployment.spec.template.metadata.labels;
      const budgets = ofKind('PodDisruptionBudget').filter((pdb) =>
        Object.entries(pdb.spec.selector.matchLabels).every(([k, v]) => labels[k] === v),
      );
      expect(budgets.map((b) => b.metadata.name)).toEqual([app]);
      const service = find('Service', app);
      expect(Object.entries(service.spec.selector).every(([k, v]) => labels[k] === v)).toBe(true);
      const ports = Object.fromEntries(service.spec.ports.map((p: Any) => [p.name, [p.port, p.targetPort]]));
      expect(ports['http']).toEqual([config.port, 'http']);
      if (config.rpc) expect(ports['rpc']).toEqual([config.port + 1000, 'rpc']);
    });
  });

  it('autoscales indexer-stream with a HorizontalPodAutoscaler that alone sets its replicas', () => {
    const hpas = ofKind('HorizontalPodAutoscaler');
    expect(hpas.map((h) => h.spec.scaleTargetRef)).toEqual([
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'indexer-stream' },
    ]);
    const [hpa] = hpas;
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(1);
    expect(hpa.spec.maxReplicas).toBeGreaterThanOrEqual(hpa.spec.minReplicas);
    expect(find('Deployment', 'indexer-stream').spec.replicas).toBeUndefined();
  });

  it('runs jdk-scan on worker nodes only, reading only JDK roots read-only, with SYS_PTRACE alone', () => {
    const daemonSet = find('DaemonSet', 'jdk-scan');
    const spec = daemonSet.spec.template.spec;
    expect(spec.hostPID).toBe(true);
    // no blanket toleration, and never on a control-plane node
    expect(spec.tolerations ?? []).not.toContainEqual({ operator: 'Exists' });
    const terms = spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    for (const term of terms) {
      expect(term.matchExpressions).toContainEqual({
        key: 'node-role.kubernetes.io/control-plane',
        operator: 'DoesNotExist',
      });
    }
    const hostVolumes = spec.volumes.filter((v: Any) => v.hostPath);
    expect(hostVolumes.length).toBeGreaterThan(0);
    // never the node's whole filesystem, nor the container runtime's socket
    for (const v of hostVolumes) {
      expect({ name: v.name, path: v.hostPath.path }).not.toEqual({ name: v.name, path: '/' });
      expect(v.hostPath.path).not.toMatch(/\.sock$|^\/var\/run|^\/run/);
    }
    const [container] = spec.containers;
    for (const { name } of hostVolumes) {
      const mounts = container.volumeMounts.filter((m: Any) => m.name === name);
      expect(mounts.length).toBeGreaterThan(0);
      for (const mount of mounts)
        expect({ name, readOnly: mount.readOnly }).toEqual({ name, readOnly: true });
    }
    const env = Object.fromEntries(container.env.map((e: Any) => [e.name, e.value]));
    expect(env['KEEL_HOST_ROOT']).toBe('/host');
    expect(env['KEEL_AGENT_KEY_FILE']).toBe('/etc/keel/agent.key');
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    expect(container.securityContext.allowPrivilegeEscalation).toBe(false);
    expect(container.securityContext.capabilities).toEqual({ drop: ['ALL'], add: ['SYS_PTRACE'] });
  });

  it('denies all traffic by default and allows only the flows Keel needs', () => {
    const policies = ofKind('NetworkPolicy');
    const deny = policies.find((p) => p.metadata.name === 'default-deny');
    expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    // the RPC ports take connections from the gateway only
    const rpc = policies.find((p) => p.metadata.name === 'rpc-from-gateway');
    expect(rpc.spec.ingress).toHaveLength(1);
    expect(rpc.spec.ingress[0].from).toEqual([
      { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'gateway' } } },
    ]);
    expect(rpc.spec.ingress[0].ports.map((p: Any) => p.port).sort()).toEqual([
      4001, 4002, 4003, 4004, 4005, 4006,
    ]);
    // every app's RPC port is covered by that policy
    const selected = rpc.spec.podSelector.matchExpressions[0].values;
    for (const config of serviceApps().filter((c) => c.app !== 'gateway'))
      expect(selected).toContain(config.app);
    // agents reach jdk-inventory's HTTP port and nothing else
    const agents = policies.find((p) => p.metadata.name === 'agents-to-inventory');
    expect(agents.spec.egress).toEqual([
      {
        to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'jdk-inventory' } } }],
        ports: [{ protocol: 'TCP', port: 3004 }],
      },
    ]);
    // no policy opens everything
    for (const policy of policies) {
      for (const rule of [...(policy.spec.ingress ?? []), ...(policy.spec.egress ?? [])]) {
        expect({ policy: policy.metadata.name, open: !rule.ports && !rule.from && !rule.to }).toEqual({
          policy: policy.metadata.name,
          open: false,
        });
      }
    }
  });

  it('labels the namespace for Pod Security admission', () => {
    const [namespace] = ofKind('Namespace');
    expect(namespace.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': expect.any(String),
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    });
  });

  it('pins every image to one explicit tag, never latest', () => {
    const tags = new Set<string>();
    for (const { container } of containers) {
      const { tag } = splitImage(container.image);
      expect({ image: container.image, tagged: Boolean(tag) && tag !== 'latest' }).toEqual({
        image: container.image,
        tagged: true,
      });
      tags.add(tag as string);
    }
    expect([...tags]).toHaveLength(1);
    if (overlay === 'dev') expect([...tags]).toEqual([rootVersion]);
  });

  it('references only ConfigMaps, keys, Secrets and ServiceAccounts that exist', () => {
    const problems: string[] = [];
    const secretKeys = (name: string): string[] | undefined => {
      const secret: Any = find('Secret', name);
      if (secret) return Object.keys({ ...secret.data, ...secret.stringData });
      return externalSecrets[overlay]?.includes(name) ? undefined : [];
    };
    for (const { workload, spec, container } of containers) {
      const where = `${workload.kind}/${workload.metadata.name} ${container.name}`;
      for (const from of container.envFrom ?? []) {
        if (from.configMapRef && !configMap(from.configMapRef.name))
          problems.push(`${where}: no ConfigMap ${from.configMapRef.name}`);
      }
      for (const env of container.env ?? []) {
        const cm = env.valueFrom?.configMapKeyRef;
        if (cm && configMap(cm.name)?.data?.[cm.key] === undefined)
          problems.push(`${where}: no ${cm.name}.${cm.key}`);
        const secret = env.valueFrom?.secretKeyRef;
        const keys = secret && secretKeys(secret.name);
        if (keys && !keys.includes(secret.key))
          problems.push(`${where}: no Secret key ${secret.name}.${secret.key}`);
      }
      for (const volume of spec.volumes ?? []) {
        if (volume.configMap && !configMap(volume.configMap.name))
          problems.push(`${where}: no ConfigMap ${volume.configMap.name}`);
      }
      if (spec.serviceAccountName && !find('ServiceAccount', spec.serviceAccountName)) {
        problems.push(`${where}: no ServiceAccount ${spec.serviceAccountName}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("gives each container only variables its app's config schema reads", () => {
    const problems: string[] = [];
    for (const { workload, container } of containers) {
      const app = appOfImage(container.image);
      const config = appConfig(app);
      if (!config) {
        problems.push(`${workload.metadata.name}: image of ${app}, which has no src/config.ts`);
        continue;
      }
      const names = [
        ...(container.env ?? []).map((e: Any) => e.name as string),
        ...(container.envFrom ?? []).flatMap((f: Any) =>
          f.configMapRef ? Object.keys(configMap(f.configMapRef.name)?.data ?? {}) : [],
        ),
      ];
      for (const name of names) {
        if (!config.keys.has(name) && !readByLibs.has(name))
          problems.push(`${workload.metadata.name}: ${name} is not read by ${app}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("points the gateway's RPC URLs at Services listening on those ports", () => {
    const gateway = find('Deployment', 'gateway');
    const cmName = gateway.spec.template.spec.containers[0].envFrom[0].configMapRef.name;
    const urls = Object.entries(configMap(cmName).data as Record<string, string>).filter(([k]) =>
      k.endsWith('_RPC_URL'),
    );
    expect(urls.length).toBe(serviceApps().filter((c) => c.rpc).length);
    for (const [key, url] of urls) {
      const { hostname, port } = new URL(url);
      const service = find('Service', hostname);
      expect({
        key,
        served: service?.spec.ports.some((p: Any) => p.port === Number(port) && p.name === 'rpc'),
      }).toEqual({
        key,
        served: true,
      });
    }
  });

  it('lets the supervisor restart exactly the Deployments its jobs name', () => {
    const jobsMap = ofKind('ConfigMap').find((o) => o.data?.['jobs.json']);
    const jobs = JSON.parse(jobsMap.data['jobs.json']) as { name: string; restartCommand: string[] }[];
    for (const job of jobs) {
      expect(job.restartCommand.slice(0, 3)).toEqual(['kubectl', 'rollout', 'restart']);
      expect(find('Deployment', job.restartCommand[3]?.replace('deployment/', '') ?? '')).toBeDefined();
    }
    const binding = find('RoleBinding', 'supervisor-restarts');
    expect(binding.subjects).toEqual([
      {
        kind: 'ServiceAccount',
        name: 'supervisor',
        namespace: find('ServiceAccount', 'supervisor').metadata.namespace,
      },
    ]);
    expect(find('Role', binding.roleRef.name).rules).toContainEqual({
      apiGroups: ['apps'],
      resources: ['deployments'],
      verbs: ['get', 'patch'],
    });
  });
});

describe('renderKustomization', () => {
  it('fails naming the kustomization and the field it does not implement', () => {
    expect(() => renderKustomization(path.join(__dirname, 'lib/testdata/unsupported'))).toThrow(
      /unsupported[/\\]kustomization.yaml: fields not supported by the deploy-check renderer: namePrefix/,
    );
  });
});
