// Wire contracts of the eviction view(s), filled by its issue.
export {};
