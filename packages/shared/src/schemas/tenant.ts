// Wire contracts of the tenant view(s), filled by its issue.
export {};
