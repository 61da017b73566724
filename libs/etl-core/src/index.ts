/** @keel/etl-core: (under construction) */
export {};
