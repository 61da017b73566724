import {
  getNamedType,
  getNullableType,
  isEnumType,
  isListType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';

/**
 * Lists of objects that are NOT connections, on purpose. Each is small and bounded by something other
 * than the data's growth (one host, one train, one rule file, one comparison), so paging would only add
 * ceremony. Anything that grows with the fleet, the catalogue or time is a connection. Lists of scalars
 * and enums (labels, JVM options, fork values, index names) are values of their object and exempt as a
 * kind. `connection.spec.ts` fails on any other list, and on an entry here that no longer exists.
 */
export const LIST_EXEMPTIONS: Record<string, string> = {
  'Query.jobs': 'one entry per job name in the ZooKeeper registry (a dozen)',
  'Query.jdkTopUpdates': 'one row per Java train (about ten)',
  'AliasState.indices': 'the indices of one alias family (a handful kept for rollback)',
  'StreamLag.partitions': 'one row per partition of one topic',
  'SupervisorStatus.jobs': 'the jobs one supervisor is configured to keep alive',
  'Job.instances': 'the live instances of one job',
  'VerifyExamples.stale': 'a capped sample of examples',
  'JdkHost.installations': 'the JDKs of one host',
  'JdkHost.jvms': 'the JVMs running on one host',
  'JdkHost.problems': 'the scan problems of one host',
  'JdkRunningJvm.blockers': 'one entry per migration target (11, 17, 21, 25)',
  'JdkRunningJvm.licenceSignals': 'the licence-signal rules one command line matches',
  'JdkTargetBlockers.blockers': 'the rules one command line breaks',
  'JdkBacklogHost.reasons': 'the blockers found on one host',
  'JdkMigrationBacklog.byRule': 'one row per migration rule (the rule file)',
  'JdkExposure.endOfLife': 'one row per distribution and train',
  'JdkExposure.behindBaseline': 'one row per train',
  'JdkLicenceRiskReport.totals': 'one row per risk, terms and distribution',
  'JdkMix.rows': 'aggregate rows, capped by the `limit` argument',
  'JdkTrends.points': 'weeks x keys, capped by the `weeks` argument (at most 104)',
  'JmhComparison.verdicts': 'a comparison is computed whole (one suite); `jmhVerdicts` pages it',
  'ProductFacets.categories': 'facet buckets, capped by the search',
  'ProductFacets.shops': 'facet buckets, capped by the search',
  'ProductFacets.prices': 'fixed price buckets',
  'Product.images': 'the images of one product',
  'Product.options': 'the options of one product',
  'Product.tags': 'the tags of one product',
  'JdkUpgradePlan.waves': 'at most three waves (licence risk, end of life, behind baseline)',
  'JdkUpgradeGroup.versions': 'the versions found in one group',
  'JdkUpgradeGroup.candidates': 'the candidate builds weighed for one group (vendors x LTS trains)',
  'JdkUpgradeGroup.blockers': 'the blockers of one group, with their fixes (bounded by the rule file)',
};

export interface ListFieldProblem {
  field: string;
  problem: string;
}

const isConnectionName = (name: string) => name.endsWith('Connection');

/** What breaks the one pagination convention in a schema. */
export function paginationProblems(
  schema: GraphQLSchema,
  exemptions: Record<string, string> = LIST_EXEMPTIONS,
): ListFieldProblem[] {
  const problems: ListFieldProblem[] = [];
  const seen = new Set<string>();
  // a report holding one connection may take the paging arguments itself (jdkLicenceRisk(first, after))
  const pagedReports = new Set<string>();
  for (const field of Object.values(schema.getQueryType()?.getFields() ?? {})) {
    const args = field.args.map((a) => a.name);
    if (args.includes('first') && args.includes('after')) pagedReports.add(getNamedType(field.type).name);
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      const name = `${type.name}.${field.name}`;
      const named = getNamedType(field.type);
      if (field.args.some((a) => a.name === 'offset')) {
        problems.push({ field: name, problem: 'takes `offset`: page with `first` and `after`' });
      }
      if (/Page$/.test(named.name)) {
        problems.push({ field: name, problem: `returns ${named.name}: pages are connections` });
      }
      if (isConnectionName(named.name)) {
        const args = field.args.map((a) => a.name);
        if ((!args.includes('first') || !args.includes('after')) && !pagedReports.has(type.name)) {
          problems.push({ field: name, problem: 'returns a connection without `first` and `after`' });
        }
      }
      if (!isListType(getNullableType(field.type))) continue;
      if (isScalarType(named) || isEnumType(named)) continue;
      if (field.name === 'edges' && isConnectionName(type.name)) {
        const edge = isObjectType(named) ? named.getFields() : {};
        if (!named.name.endsWith('Edge') || !edge['cursor'] || !edge['node']) {
          problems.push({ field: name, problem: 'edges must be <Name>Edge { cursor node }' });
        }
        if (!type.getFields()['pageInfo']) problems.push({ field: name, problem: 'no pageInfo' });
        continue;
      }
      if (exemptions[name]) {
        seen.add(name);
        continue;
      }
      problems.push({ field: name, problem: `a list of ${named.name} that is not a connection` });
    }
  }
  for (const name of Object.keys(exemptions)) {
    if (!seen.has(name)) problems.push({ field: name, problem: 'exempted, but no such list field' });
  }
  return problems;
}
