export * from "./FailoverOperatorRole";
export * from "./GlobalAlerting";
export * from "./GlobalDashboard";
export * from "./RegionProbe";
export * from "./settings";
