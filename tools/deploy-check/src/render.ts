import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { renderKustomization } from './lib/kustomize';

// `npx nx run deploy-check:render [--overlay dev] [--stdout]`: renders deploy/k8s/overlays/* with the
// kustomize subset of src/lib/kustomize.ts into dist/deploy/k8s/<overlay>.yaml (or to stdout), the
// same YAML `kubectl kustomize deploy/k8s/overlays/<overlay>` prints, for review or `kubectl apply -f`.
const workspaceRoot = path.resolve(__dirname, '../../..');
const overlaysDir = path.join(workspaceRoot, 'deploy/k8s/overlays');

function main(argv: string[]): number {
  const at = argv.indexOf('--overlay');
  const overlays = at >= 0 ? [argv[at + 1] ?? ''] : readdirSync(overlaysDir).sort();
  const toStdout = argv.includes('--stdout');
  for (const overlay of overlays) {
    const objects = renderKustomization(path.join(overlaysDir, overlay));
    const text = objects.map((object) => stringify(object)).join('---\n');
    if (toStdout) {
      process.stdout.write(text);
      continue;
    }
    const out = path.join(workspaceRoot, 'dist/deploy/k8s', `${overlay}.yaml`);
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, text);
    const kinds = new Map<string, number>();
    for (const object of objects) kinds.set(object.kind, (kinds.get(object.kind) ?? 0) + 1);
    const summary = [...kinds].map(([kind, count]) => `${count} ${kind}`).join(', ');
    process.stdout.write(
      `${overlay}: ${objects.length} objects (${summary}) -> ${path.relative(workspaceRoot, out)}\n`,
    );
  }
  return 0;
}

try {
  process.exit(main(process.argv.slice(2)));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
