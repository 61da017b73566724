import { relativeLinks, typeScriptBlocks } from './markdown';

describe('relativeLinks', () => {
  it('returns repository paths and skips URLs, anchors and links inside code', () => {
    const text = [
      'See [the design](docs/architecture.md#invariants) and ![plot](./plot.png "Plot").',
      'Not [a URL](https://example.com), not [an anchor](#top), not `[code](x.md)`.',
      '```',
      '[in a block](nowhere.md)',
      '```',
      'Last [one](<../README.md>).',
    ].join('\n');
    expect(relativeLinks(text)).toEqual([
      { line: 1, target: 'docs/architecture.md#invariants' },
      { line: 1, target: './plot.png' },
      { line: 6, target: '../README.md' },
    ]);
  });
});

describe('typeScriptBlocks', () => {
  it('returns ts and typescript blocks with the ts-context comment above them', () => {
    const text = [
      '<!-- ts-context',
      'declare const n: number;',
      '-->',
      '',
      '```ts',
      'const twice = n * 2;',
      '```',
      '```bash',
      'echo no',
      '```',
      '```typescript',
      'export const x = 1;',
      '```',
    ].join('\n');
    expect(typeScriptBlocks(text)).toEqual([
      { line: 5, code: 'const twice = n * 2;', context: 'declare const n: number;' },
      { line: 11, code: 'export const x = 1;', context: '' },
    ]);
  });
});
