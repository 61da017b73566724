/** @keel/jmh-analysis: (under construction) */
export {};
