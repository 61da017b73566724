import { type CategoryTree, buildCategoryTree } from './category-tree';
import { Prng } from '@keel/service-runtime';
import { ZipfSampler } from './zipf-sampler';
import { productName } from './product-names';
import type {
  SeedImage,
  SeedOption,
  SeedProductBundle,
  SeedProductTag,
  SeedShop,
  SeedTag,
} from './seed-rows';
import { shopWords, tagWords } from './word-lists';

// Stream kinds: each entity draws from Prng.for(seed, kind, id), independent of everything else.
const enum Stream {
  Shop = 1,
  Product = 2,
  Deleted = 3,
}

/** Share of product ids that are hard-deleted: those rows simply do not exist. */
export const hardDeletedShare = 0.01;
export const hiddenShare = 0.03;
export const softDeletedShare = 0.02;
/** Children get ids `productId * childIdStride + n`, so they are stable whatever the chunking. */
export const childIdStride = 8;

const epoch2021 = Date.UTC(2021, 0, 1);
const threeYearsMs = 3 * 365 * 24 * 3600 * 1000;

export interface CatalogPlan {
  seed: number;
  products: number;
  shops: number;
  tree: CategoryTree;
  tags: SeedTag[];
}

/** About one shop per 150 products, at least 10. */
export function shopCountFor(products: number): number {
  return Math.max(10, Math.ceil(products / 150));
}

export function planCatalog(seed: number, products: number): CatalogPlan {
  if (!Number.isSafeInteger(products) || products < 0)
    throw new RangeError(`products must be >= 0, got ${products}`);
  const tags = tagWords.map(([nameKo, nameEn], i) => ({ id: i + 1, nameKo, nameEn }));
  return { seed, products, shops: shopCountFor(products), tree: buildCategoryTree(), tags };
}

export function generateShop(seed: number, id: number): SeedShop {
  const prng = Prng.for(seed, Stream.Shop, id);
  const name = `${prng.pick(shopWords.prefixes)}${prng.pick(shopWords.suffixes)} ${id}호점`;
  return {
    id,
    name,
    status: prng.chance(0.04) ? 'closed' : 'open',
    createdAt: new Date(epoch2021 + Math.floor((prng.next() * threeYearsMs) / 1000) * 1000),
  };
}

export function isHardDeleted(seed: number, productId: number): boolean {
  return Prng.for(seed, Stream.Deleted, productId).chance(hardDeletedShare);
}

/** A product and its options, images and tags, drawn from the product's own stream. */
export function generateProduct(plan: CatalogPlan, id: number, zipf: ZipfSampler): SeedProductBundle {
  const prng = Prng.for(plan.seed, Stream.Product, id);
  const leaf = prng.pick(plan.tree.leaves);
  const { department, subcategory, segment } = leaf;
  const brand = prng.chance(0.85) ? prng.pick(department.brands) : null;
  const noun = prng.pick(subcategory.nouns);
  const name = productName(prng, brand, noun);
  const [minPrice, maxPrice] = department.priceRangeKrw;
  // log-uniform: cheap items are common, expensive ones rare, as in any shop
  const basePrice =
    Math.round(Math.exp(Math.log(minPrice) + prng.next() * Math.log(maxPrice / minPrice)) / 100) * 100;
  const statusDraw = prng.next();
  const status =
    statusDraw < hiddenShare ? 'hidden' : statusDraw < hiddenShare + softDeletedShare ? 'deleted' : 'active';

  const options: SeedOption[] = [];
  const optionCount = prng.int(1, 5);
  const seen = new Set<string>();
  for (let n = 0; n < optionCount; n++) {
    const values = department.optionAxes.map((axis) => prng.pick(axis));
    const nameKo = values.map((v) => v[0]).join(' / ');
    if (seen.has(nameKo)) continue;
    seen.add(nameKo);
    options.push({
      id: id * childIdStride + n,
      productId: id,
      sku: `K${id.toString(36).toUpperCase()}-${n + 1}`,
      nameKo,
      nameEn: values.map((v) => v[1]).join(' / '),
      price: basePrice + Math.round((prng.next() * basePrice * 0.3) / 100) * 100 * (n === 0 ? 0 : 1),
      stock: prng.chance(0.08) ? 0 : prng.int(1, 500),
    });
  }

  const images: SeedImage[] = Array.from({ length: prng.int(0, 4) }, (_, n) => ({
    id: id * childIdStride + n,
    productId: id,
    url: `https://img.keel.example/products/${id}/${n + 1}.jpg`,
    sortOrder: n,
  }));

  const tags: SeedProductTag[] = prng
    .sample(plan.tags, prng.int(0, 3))
    .map((tag) => ({ productId: id, tagId: tag.id }))
    .sort((a, b) => a.tagId - b.tagId);

  return {
    product: {
      id,
      shopId: zipf.draw(prng),
      categoryId: leaf.category.id,
      nameKo: name.nameKo,
      nameEn: name.nameEn,
      description:
        `${name.nameKo}: ${segment[0]} ${subcategory.name[0]} 인기 상품입니다. ` +
        `${name.nameEn} — a ${segment[1].toLowerCase()} pick in ${subcategory.name[1]}.`,
      brand: brand?.[1] ?? null,
      status,
      basePrice,
      popularityScore: Math.round(1000 * prng.next() ** 4 * 100) / 100,
      createdAt: new Date(epoch2021 + Math.floor((prng.next() * threeYearsMs) / 1000) * 1000),
    },
    options,
    images,
    tags,
  };
}

/**
 * Yields the catalogue's products in id order, `batchSize` at a time, until `plan.products` exist.
 * Hard-deleted ids are skipped, so ids have gaps like a real shop's.
 */
export function* productBatches(plan: CatalogPlan, batchSize: number): Generator<SeedProductBundle[]> {
  const zipf = new ZipfSampler(plan.shops);
  let made = 0;
  let id = 0;
  while (made < plan.products) {
    const batch: SeedProductBundle[] = [];
    while (batch.length < batchSize && made < plan.products) {
      id++;
      if (isHardDeleted(plan.seed, id)) continue;
      batch.push(generateProduct(plan, id, zipf));
      made++;
    }
    yield batch;
  }
}
