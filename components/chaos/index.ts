export * from "./ChaosExperiments";
export * from "./settings";
