import {
  Kind,
  getNamedType,
  getNullableType,
  isListType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { ComplexityEstimator } from 'graphql-query-complexity';

/** A list field asked without `first` is costed as this many items. */
export const DEFAULT_LIST_SIZE = 10;

/** The document's fragments by name, and the operations a request runs (the named one, or all). */
function operationsOf(
  document: DocumentNode,
  operationName: string | null | undefined,
): { fragments: Map<string, FragmentDefinitionNode>; chosen: OperationDefinitionNode[] } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  const chosen = operationName ? operations.filter((o) => o.name?.value === operationName) : operations;
  return { fragments, chosen };
}

/**
 * How deep an operation's selections go (fragments followed, a fragment cycle counted once):
 * `{ a { b } }` is 2. Introspection fields (`__schema`, `__type`) are not counted.
 */
export function operationDepth(document: DocumentNode, operationName?: string | null): number {
  const { fragments, chosen } = operationsOf(document, operationName);

  const depthOf = (set: SelectionSetNode | undefined, visiting: Set<string>): number => {
    if (!set) return 0;
    let max = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        max = Math.max(max, 1 + depthOf(selection.selectionSet, visiting));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        max = Math.max(max, depthOf(selection.selectionSet, visiting));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue;
        visiting.add(name);
        max = Math.max(max, depthOf(fragment.selectionSet, visiting));
        visiting.delete(name);
      }
    }
    return max;
  };
  return Math.max(0, ...chosen.map((o) => depthOf(o.selectionSet, new Set())));
}

/**
 * Fields that cost far more than their selection says, by `Type.field`: their own cost (on top of
 * children) and how many of them one operation may hold (aliases count: `a: verifyRange b:
 * verifyRange` is two).
 */
export const EXPENSIVE_FIELDS: Readonly<Record<string, { cost: number; maxPerOperation: number }>> = {
  // reads up to a million rows of the shop DB and as many documents
  'Mutation.verifyRange': { cost: 5_000, maxPerOperation: 1 },
  'Mutation.startRecovery': { cost: 100, maxPerOperation: 1 },
  'Mutation.runBatchWindow': { cost: 100, maxPerOperation: 1 },
  'Mutation.compareJmhBuilds': { cost: 500, maxPerOperation: 1 },
};

/**
 * Cost of a field: 1 (or its EXPENSIVE_FIELDS cost), plus its children; a list's (or a page's)
 * children count once per item it may return: `first` or `limit` when the field takes one (what the
 * client asked for), else DEFAULT_LIST_SIZE. Nested lists multiply.
 */
export const listAwareEstimator =
  (defaultListSize = DEFAULT_LIST_SIZE): ComplexityEstimator =>
  ({ type, field, args, childComplexity }) => {
    const own = EXPENSIVE_FIELDS[`${type.name}.${field.name}`]?.cost ?? 1;
    const asked = typeof args['first'] === 'number' ? args['first'] : args['limit'];
    const pagedFirst = typeof asked === 'number' ? Math.max(0, asked) : undefined;
    // a page type's items were already multiplied by `first` on the field that returned the page
    if (PAGE_TYPE.test(type.name)) return own + childComplexity;
    const returnsList = isListType(getNullableType(field.type));
    const returnsPage = PAGE_TYPE.test(getNamedType(field.type).name);
    if (returnsList || returnsPage) return own + childComplexity * (pagedFirst ?? defaultListSize);
    return own + childComplexity;
  };

/** Page types (`…Connection`, `…Page`): their list fields hold the `first` items asked for. */
const PAGE_TYPE = /(Connection|Page)$/;

/**
 * The first EXPENSIVE_FIELDS entry an operation holds more often than allowed (top-level fields of
 * the root type, aliases and fragments followed), with the count; undefined when none does.
 */
export function tooManyExpensiveFields(
  document: DocumentNode,
  operationName?: string | null,
): { field: string; count: number; max: number } | undefined {
  const { fragments, chosen } = operationsOf(document, operationName);
  for (const operation of chosen) {
    const root =
      operation.operation === 'mutation'
        ? 'Mutation'
        : operation.operation === 'query'
          ? 'Query'
          : 'Subscription';
    const counts = new Map<string, number>();
    const walk = (set: SelectionSetNode, visiting: Set<string>) => {
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          const key = `${root}.${selection.name.value}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          walk(selection.selectionSet, visiting);
        } else {
          const fragment = fragments.get(selection.name.value);
          if (!fragment || visiting.has(selection.name.value)) continue;
          walk(fragment.selectionSet, new Set([...visiting, selection.name.value]));
        }
      }
    };
    walk(operation.selectionSet, new Set());
    for (const [field, count] of counts) {
      const max = EXPENSIVE_FIELDS[field]?.maxPerOperation;
      if (max !== undefined && count > max) return { field, count, max };
    }
  }
  return undefined;
}
