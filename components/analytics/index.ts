export * from "./albAccessLogs";
export * from "./Analytics";
