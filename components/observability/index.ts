export * from "./alarms";
export * from "./dashboard";
export * from "./Observability";
