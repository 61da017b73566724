import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { renderKustomization } from '../src/lib/kustomize';

// The unit checks render the overlays with src/lib/kustomize.ts. Here that renderer must print
// exactly what `kubectl kustomize` prints for every overlay (same objects, same order, same generated
// names). kubectl is not something the project can install everywhere (Debian's is 1.20, too old),
// so without one on the PATH this file says so and is skipped.
const workspaceRoot = path.resolve(__dirname, '../../..');
const overlaysDir = path.join(workspaceRoot, 'deploy/k8s/overlays');
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const kustomizeVersion = /Kustomize Version: (v(\d+)\S*)/.exec(kubectl.stdout ?? '');
// kustomize before v5 (kubectl before 1.27, e.g. Debian's 1.20) lacks fields the overlays use
const haveKubectl = kubectl.status === 0 && Number(kustomizeVersion?.[2]) >= 5;
if (!haveKubectl) {
  process.stderr.write('kustomize parity: no kubectl with kustomize v5+ on the PATH, skipped\n');
}

(haveKubectl ? describe : describe.skip).each(readdirSync(overlaysDir).sort())('overlay %s', (overlay) => {
  it(`renders as kubectl kustomize ${kustomizeVersion?.[1]} does`, () => {
    const dir = path.join(overlaysDir, overlay);
    const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const expected = parseAllDocuments(result.stdout)
      .map((doc) => doc.toJS() as unknown)
      .filter(Boolean);
    expect(renderKustomization(dir)).toEqual(expected);
  });
});
