import { textTable } from './text-table';

describe('textTable', () => {
  it('aligns text left and numbers right, with a rule under the header', () => {
    expect(
      textTable(
        ['vendor', 'hosts'],
        [
          ['temurin', 1200],
          ['oracle', 7],
          [null, 3],
        ],
      ),
    ).toBe(
      ['vendor   hosts', '-------  -----', 'temurin   1200', 'oracle       7', '-            3'].join('\n'),
    );
  });
});
