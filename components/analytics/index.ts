export * from "./albAccessLogs";
export * from "./Analytics";
export * from "./settings";
