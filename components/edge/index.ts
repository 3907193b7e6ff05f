export * from "./EdgeDistribution";
export * from "./routing";
export * from "./settings";
