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

/**
 * How deep an operation's selections go (fragments followed, a fragment cycle counted once):
 * `{ a { b } }` is 2. Introspection fields (`__schema`, `__type`) are not counted.
 */
export function operationDepth(document: DocumentNode, operationName?: string | null): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  const chosen = operationName ? operations.filter((o) => o.name?.value === operationName) : operations;

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
 * Cost of a field: 1, plus its children; a list's (or a page's) children count once per item it may
 * return: `first` when the field takes it (what the client asked for), else DEFAULT_LIST_SIZE.
 */
export const listAwareEstimator =
  (defaultListSize = DEFAULT_LIST_SIZE): ComplexityEstimator =>
  ({ type, field, args, childComplexity }) => {
    const pagedFirst = typeof args['first'] === 'number' ? Math.max(0, args['first']) : undefined;
    // a page type's items were already multiplied by `first` on the field that returned the page
    if (PAGE_TYPE.test(type.name)) return 1 + childComplexity;
    const returnsList = isListType(getNullableType(field.type));
    const returnsPage = PAGE_TYPE.test(getNamedType(field.type).name);
    if (returnsList || returnsPage) return 1 + childComplexity * (pagedFirst ?? defaultListSize);
    return 1 + childComplexity;
  };

/** Page types (`…Connection`, `…Page`): their list fields hold the `first` items asked for. */
const PAGE_TYPE = /(Connection|Page)$/;
