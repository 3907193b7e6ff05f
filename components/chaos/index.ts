export * from "./ChaosExperiments";
