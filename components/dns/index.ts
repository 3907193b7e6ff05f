export * from "./EdgeRecords";
export * from "./RegionHealthChecks";
