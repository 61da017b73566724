import type { Prng } from '@keel/service-runtime';
import { type Word, adjectives } from './word-lists';

export interface ProductName {
  nameKo: string;
  nameEn: string;
}

const modelLetters = 'ABCDEFGHJKLMNPRSTVXZ';

/** A model code like `X15` or `PRO-7`: part of a name, shared by both languages. */
export function modelCode(prng: Prng): string {
  const letter = modelLetters[prng.int(0, modelLetters.length - 1)] as string;
  return prng.chance(0.2) ? `${letter}${letter}-${prng.int(1, 9)}` : `${letter}${prng.int(1, 99)}`;
}

/**
 * `삼성 초경량 노트북 X15` / `Samsung Ultralight Laptop X15`: brand (if any), an adjective, the noun
 * and a model code, the same draws for both languages so the two names describe one product.
 */
export function productName(prng: Prng, brand: Word | null, noun: Word): ProductName {
  const adjective = prng.pick(adjectives);
  const model = modelCode(prng);
  const parts = (lang: 0 | 1) =>
    [brand?.[lang], adjective[lang], noun[lang], model].filter(Boolean).join(' ');
  return { nameKo: parts(0), nameEn: parts(1) };
}
