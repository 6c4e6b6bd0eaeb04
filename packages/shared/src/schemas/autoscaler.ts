// Wire contracts of the autoscaler view(s), filled by its issue.
export {};
