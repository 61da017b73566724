/** @keel/catalog: (under construction) */
export {};
