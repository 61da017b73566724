import { dropCoveredCategories } from './parent-fan-out';

describe('dropCoveredCategories', () => {
  it('drops a category whose ancestor changed in the same page: its subtree is covered', () => {
    const parents = [
      { table: 'categories' as const, id: 5, path: '/1/5/' },
      { table: 'categories' as const, id: 1, path: '/1/' },
      { table: 'categories' as const, id: 12, path: '/12/' },
      { table: 'shops' as const, id: 5 },
    ];
    expect(dropCoveredCategories(parents).map((p) => `${p.table}:${p.id}`)).toEqual([
      'categories:1',
      'categories:12',
      'shops:5',
    ]);
  });

  it('does not take /1/ for an ancestor of /12/ (whole path segments)', () => {
    const parents = [
      { table: 'categories' as const, id: 1, path: '/1/' },
      { table: 'categories' as const, id: 12, path: '/12/3/' },
    ];
    expect(dropCoveredCategories(parents)).toHaveLength(2);
  });
});
