// Wire contracts of the node view(s), filled by its issue.
export {};
