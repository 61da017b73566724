/**
 * docs-check: holds the docs to the code. Every relative link in a Markdown file must resolve, and
 * every TypeScript block in a README must type-check against the libs it shows.
 */
export * from './lib/markdown';
export * from './lib/snippet-typecheck';
export * from './lib/workspace-docs';
