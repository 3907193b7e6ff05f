export * from "./EdgeRecords";
export * from "./RegionHealthChecks";
export * from "./settings";
