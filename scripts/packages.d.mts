/** Folder names under packages/ of the published packages, sorted. */
export function publishedPackages(): string[];
