// Wire contracts of the cluster view(s), filled by its issue.
export {};
