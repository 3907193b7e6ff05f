export * from "./BucketReplication";
export * from "./settings";
