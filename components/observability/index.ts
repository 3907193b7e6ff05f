export * from "./alarms";
export * from "./alertEmails";
export * from "./AlertTopic";
export * from "./dashboard";
export * from "./Observability";
export * from "./tracing";
export * from "./settings";
