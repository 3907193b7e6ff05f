export * from "./BatchReplicationRole";
export * from "./BucketReplication";
export * from "./settings";
