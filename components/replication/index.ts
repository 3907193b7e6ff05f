export * from "./BucketReplication";
