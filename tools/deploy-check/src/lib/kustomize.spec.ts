import { configMapHash, splitImage } from './kustomize';

describe('configMapHash', () => {
  // suffixes printed by kubectl kustomize (v5.5.0) for these generated ConfigMaps
  it.each([
    [{ LOG_LEVEL: 'debug' }, '47668c6k28'],
    [{ LOG_LEVEL: 'info' }, 'hf678c7m2b'],
  ])('of %j is %s, whatever the name', (data, suffix) => {
    expect(configMapHash({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data })).toBe(
      suffix,
    );
    expect(configMapHash({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data })).toBe(
      suffix,
    );
  });
});

describe('splitImage', () => {
  it.each([
    ['keel/gateway:0.1.0', { name: 'keel/gateway', tag: '0.1.0' }],
    ['registry:5000/keel/gateway', { name: 'registry:5000/keel/gateway' }],
    ['registry:5000/keel/gateway:1.2', { name: 'registry:5000/keel/gateway', tag: '1.2' }],
    ['keel/gateway@sha256:abc', { name: 'keel/gateway', tag: 'sha256:abc' }],
  ])('%s', (image, parts) => {
    expect(splitImage(image)).toEqual(parts);
  });
});
