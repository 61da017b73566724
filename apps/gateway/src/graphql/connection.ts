import type { Type } from '@nestjs/common';
import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '../products/product.types';
import { badInput } from './errors';

/**
 * The one pagination convention of the API: Relay connections (`edges { cursor node }`, `pageInfo
 * { endCursor hasNextPage }`, and `totalCount` where the source can count). Every list a client pages
 * through is one; `connection.spec.ts` fails on a list field that is not (with a short, reasoned list of
 * exemptions for small bounded lists).
 */
export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionValue<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
}

export interface CountedConnectionValue<T> extends ConnectionValue<T> {
  totalCount: number;
}

/** `<Name>Connection`'s fields and its `<Name>Edge` type; extend it with `@ObjectType()` to name it. */
export function Connection<T>(node: Type<T>, name: string = node.name) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field({ description: 'Opaque; pass as `after` to continue after this node' }) cursor!: string;
    @Field(() => node) node!: T;
  }
  @ObjectType({ isAbstract: true })
  abstract class ConnectionType {
    @Field(() => [EdgeType]) edges!: Edge<T>[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
  }
  return ConnectionType;
}

/** A connection whose source counts every match (`totalCount`, all pages). */
export function CountedConnection<T>(node: Type<T>, name: string = node.name) {
  @ObjectType({ isAbstract: true })
  abstract class CountedConnectionType extends Connection(node, name) {
    @Field(() => Int, { description: 'Nodes matching the arguments, all pages' }) totalCount!: number;
  }
  return CountedConnectionType;
}

/** A keyset page from an upstream that gives one cursor per item (jdk-inventory's `JdkPage`). */
export function connectionOfPage<T>(page: {
  items: T[];
  cursors: string[];
  endCursor: string | null;
  hasNextPage: boolean;
  totalCount: number;
}): CountedConnectionValue<T> {
  return {
    edges: page.items.map((node, i) => ({ node, cursor: page.cursors[i] ?? page.endCursor ?? '' })),
    pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
    totalCount: page.totalCount,
  };
}

// Offset cursors, for upstreams that page by offset (jmh-runner) or answer whole lists: the cursor of
// an item is the offset after it. Opaque to clients like every other cursor.
const OFFSET_PREFIX = 'off1:';

export function offsetCursor(offset: number): string {
  return Buffer.from(`${OFFSET_PREFIX}${offset}`, 'utf8').toString('base64url');
}

/** The offset an `after` cursor stands for (0 without one); a cursor this API did not give is bad input. */
export function offsetAfter(after: string | null | undefined): number {
  if (after === undefined || after === null || after === '') return 0;
  const text = Buffer.from(after, 'base64url').toString('utf8');
  const digits = text.startsWith(OFFSET_PREFIX) ? text.slice(OFFSET_PREFIX.length) : '';
  if (!/^\d{1,9}$/.test(digits)) throw badInput('"after" is not a cursor this API gave out');
  return Number(digits);
}

/** One page of an offset-paged source: `items` start at `offset`, `total` counts every match. */
export function connectionAtOffset<T>(items: T[], offset: number, total: number): CountedConnectionValue<T> {
  const edges = items.map((node, i) => ({ node, cursor: offsetCursor(offset + i + 1) }));
  return {
    edges,
    pageInfo: { endCursor: edges.at(-1)?.cursor ?? null, hasNextPage: offset + items.length < total },
    totalCount: total,
  };
}

/** A page of a whole list the upstream answered at once. */
export function sliceConnection<T>(
  all: T[],
  first: number,
  after?: string | null,
): CountedConnectionValue<T> {
  const offset = offsetAfter(after);
  return connectionAtOffset(all.slice(offset, offset + first), offset, all.length);
}
