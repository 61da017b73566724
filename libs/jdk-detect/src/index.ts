/** @keel/jdk-detect: (under construction) */
export {};
