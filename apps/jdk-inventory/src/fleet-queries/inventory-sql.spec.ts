import { mixRollupSql } from './mix.query';
import {
  hostFilterConditions,
  likePrefix,
  mixSql,
  normaliseVersion,
  scopeConditions,
  SqlParams,
} from './inventory-sql';

describe('host filter', () => {
  it('live hosts by default; vendor, feature and version must hold for one installation', () => {
    const p = new SqlParams();
    const where = hostFilterConditions(
      { vendor: 'Oracle', feature: 8, version: '1.8.0_202', team: 'pay' },
      p,
    );
    expect(where).toEqual([
      'NOT h.stale',
      'h.team = $1',
      'EXISTS (SELECT 1 FROM jdk_installations i WHERE i.host_id = h.id AND (i.distribution = $2 OR lower(i.vendor) = $2) AND i.feature = $3 AND i.version_full = $4 AND NOT i.stale)',
    ]);
    expect(p.values).toEqual(['pay', 'oracle', 8, '8.0.202']);
  });

  it('risk flags are OR-ed; migration-blocked takes its target', () => {
    const p = new SqlParams();
    expect(
      hostFilterConditions(
        { includeStale: true, risk: ['licence', 'migration-blocked'], migrationTarget: 21 },
        p,
      ),
    ).toEqual(['(h.licence_risk OR h.blocked_targets @> ARRAY[$1::int])']);
    expect(p.values).toEqual([21]);
  });

  it('hostname prefixes are literal', () => {
    expect(likePrefix('web_1%')).toBe('web\\_1\\%%');
  });

  it('versions are normalised to JEP 223', () => {
    expect(normaliseVersion('8u202')).toBe('8.0.202');
    expect(normaliseVersion('1.8.0_202')).toBe('8.0.202');
    expect(normaliseVersion('17.0.12')).toBe('17.0.12');
  });
});

describe('summary SQL', () => {
  it('scopes child tables by the copied team and by host labels', () => {
    const p = new SqlParams();
    expect(scopeConditions({ team: 'a', labels: { environment: 'prod' } }, 'i', p)).toEqual([
      'NOT i.stale',
      'i.team = $1',
      'i.host_id IN (SELECT id FROM jdk_hosts WHERE labels @> $2::jsonb)',
    ]);
    expect(p.values).toEqual(['a', '{"environment":"prod"}']);
  });

  it('the mix is one GROUP BY over live installations', () => {
    const p = new SqlParams();
    expect(mixSql(['vendor', 'feature'], undefined, 10, p)).toBe(
      'SELECT i.vendor AS vendor, i.feature AS feature, count(*)::int AS installations, count(DISTINCT i.host_id)::int AS hosts ' +
        'FROM jdk_installations i WHERE NOT i.stale GROUP BY 1, 2 ORDER BY installations DESC, 1, 2 LIMIT $1',
    );
  });
});

describe('mix from the roll-up', () => {
  it('reads the grouping set of exactly the asked dimensions, summed over teams', () => {
    const p = new SqlParams();
    expect(mixRollupSql(['vendor'], { team: 'a' }, 5, p)).toBe(
      'SELECT vendor AS vendor, sum(installations)::int AS installations, sum(hosts)::int AS hosts FROM jdk_rollup_mix ' +
        'WHERE grouping = $1 AND team = $2 GROUP BY 1 ORDER BY installations DESC, 1 LIMIT $3',
    );
    // feature (2) and version (1) aggregated away
    expect(p.values).toEqual([3, 'a', 5]);
    const q = new SqlParams();
    mixRollupSql(['team', 'feature', 'version'], undefined, 5, q);
    expect(q.values[0]).toBe(4);
  });
});
