import { type DepartmentWords, type SubcategoryWords, type Word, departments } from './word-lists';

/** A category as seeded, with the words its products are named from. */
export interface SeedCategory {
  id: number;
  parentId: number | null;
  nameKo: string;
  nameEn: string;
  depth: number;
  /** Ids from the root, `/1/5/23/`: a subtree is every path with this prefix. */
  path: string;
}

export interface LeafCategory {
  category: SeedCategory;
  department: DepartmentWords;
  subcategory: SubcategoryWords;
  segment: Word;
}

export interface CategoryTree {
  categories: SeedCategory[];
  leaves: LeafCategory[];
}

/**
 * Three levels: department → subcategory → segment (about 140 categories). Ids are assigned
 * depth-first, so the tree is the same on every run and every database.
 */
export function buildCategoryTree(): CategoryTree {
  const categories: SeedCategory[] = [];
  const leaves: LeafCategory[] = [];
  let nextId = 1;
  const add = (name: Word, parent: SeedCategory | null): SeedCategory => {
    const id = nextId++;
    const category: SeedCategory = {
      id,
      parentId: parent?.id ?? null,
      nameKo: name[0],
      nameEn: name[1],
      depth: parent ? parent.depth + 1 : 1,
      path: `${parent?.path ?? '/'}${id}/`,
    };
    categories.push(category);
    return category;
  };
  for (const department of departments) {
    const top = add(department.name, null);
    for (const subcategory of department.subcategories) {
      const middle = add(subcategory.name, top);
      for (const segment of department.segments) {
        const name: Word = [`${segment[0]} ${subcategory.name[0]}`, `${segment[1]} ${subcategory.name[1]}`];
        leaves.push({ category: add(name, middle), department, subcategory, segment });
      }
    }
  }
  return { categories, leaves };
}
