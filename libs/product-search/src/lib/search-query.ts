import { z } from 'zod';

/** How a page is ordered. Every order ends with the product id, so it is total and cursors are stable. */
export const productSorts = ['relevance', 'price_asc', 'price_desc', 'newest', 'popularity'] as const;
export type ProductSort = (typeof productSorts)[number];

/** What a shopping search asks for, after validation. Ids are numbers, prices in the shop's currency. */
export interface ProductSearch {
  /** Free text, trimmed; absent when empty. */
  text?: string;
  /** A category and all its subcategories. */
  categoryId?: number;
  /** Any of these shops. */
  shopIds?: number[];
  /** Bounds (inclusive) on the product's lowest price (its cheapest option, else its base price). */
  minPrice?: number;
  maxPrice?: number;
  /** true: only products with stock; false or absent: no stock filter. */
  inStock?: boolean;
  /** All of these tags. */
  tagIds?: number[];
  /** Default: relevance with text, newest without. */
  sort: ProductSort;
}

/** One page request: the search, the page size and an opaque cursor from the previous page. */
export interface ProductSearchPageRequest {
  search: ProductSearch;
  first: number;
  after?: string;
}

export const searchLimits = {
  defaultPageSize: 20,
  maxPageSize: 100,
  maxTextLength: 200,
  maxShopIds: 100,
  maxTagIds: 20,
  maxPrice: 1e12,
} as const;

/** Bad search input, naming the field (`search.minPrice`, `first`, `after`…) and what was wrong. */
export class InvalidProductSearch extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`InvalidProductSearch: "${field}" ${reason}`);
    this.name = 'InvalidProductSearch';
  }
}

// GraphQL IDs arrive as strings: an id is a positive safe integer, written as a number or its digits
const id = z
  .union([z.number(), z.string().regex(/^\d+$/, 'must be a positive integer')])
  .pipe(
    z.coerce
      .number()
      .int('must be a positive integer')
      .positive('must be a positive integer')
      .refine(Number.isSafeInteger, 'must be a positive integer below 2^53'),
  );

const price = z
  .number({ invalid_type_error: 'must be a number' })
  .finite('must be a finite number')
  .nonnegative('must not be negative')
  .max(searchLimits.maxPrice, `must be at most ${searchLimits.maxPrice}`);

const searchSchema = z
  .object({
    text: z
      .string()
      .max(searchLimits.maxTextLength, `must be at most ${searchLimits.maxTextLength} characters`)
      .nullish(),
    categoryId: id.nullish(),
    shopIds: z
      .array(id)
      .max(searchLimits.maxShopIds, `must list at most ${searchLimits.maxShopIds} shops`)
      .nullish(),
    minPrice: price.nullish(),
    maxPrice: price.nullish(),
    inStock: z.boolean().nullish(),
    tagIds: z
      .array(id)
      .max(searchLimits.maxTagIds, `must list at most ${searchLimits.maxTagIds} tags`)
      .nullish(),
    sort: z.enum(productSorts).nullish(),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.minPrice != null && s.maxPrice != null && s.minPrice > s.maxPrice) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['maxPrice'],
        message: `must not be below minPrice (${s.minPrice} > ${s.maxPrice})`,
      });
    }
  });

export type ProductSearchInput = z.input<typeof searchSchema>;

function firstIssue(error: z.ZodError, prefix: string): InvalidProductSearch {
  const issue = error.issues[0];
  const path = issue.path.filter((p) => typeof p === 'string').join('.');
  const field = path ? `${prefix}.${path}` : prefix;
  const reason =
    issue.code === 'unrecognized_keys' ? `has unknown fields: ${issue.keys.join(', ')}` : issue.message;
  return new InvalidProductSearch(field, reason);
}

/** Validates a search (as it comes from GraphQL or a CLI) and normalises it; throws `InvalidProductSearch`. */
export function parseProductSearch(input: unknown): ProductSearch {
  const parsed = searchSchema.safeParse(input ?? {});
  if (!parsed.success) throw firstIssue(parsed.error, 'search');
  const s = parsed.data;
  const text = s.text?.trim() || undefined;
  const unique = (ids: number[] | null | undefined) =>
    ids && ids.length > 0 ? [...new Set(ids)].sort((a, b) => a - b) : undefined;
  const search: ProductSearch = { sort: s.sort ?? (text ? 'relevance' : 'newest') };
  if (text) search.text = text;
  if (s.categoryId != null) search.categoryId = s.categoryId;
  const shopIds = unique(s.shopIds);
  if (shopIds) search.shopIds = shopIds;
  if (s.minPrice != null) search.minPrice = s.minPrice;
  if (s.maxPrice != null) search.maxPrice = s.maxPrice;
  if (s.inStock) search.inStock = true;
  const tagIds = unique(s.tagIds);
  if (tagIds) search.tagIds = tagIds;
  return search;
}

/** Validates the page size: 1…maxPageSize, default `searchLimits.defaultPageSize`. */
export function parsePageSize(first: unknown, maxPageSize: number = searchLimits.maxPageSize): number {
  if (first === undefined || first === null) return Math.min(searchLimits.defaultPageSize, maxPageSize);
  if (typeof first !== 'number' || !Number.isInteger(first) || first < 1)
    throw new InvalidProductSearch('first', `must be a positive integer, got ${JSON.stringify(first)}`);
  if (first > maxPageSize)
    throw new InvalidProductSearch('first', `must be at most ${maxPageSize}, got ${first}`);
  return first;
}
