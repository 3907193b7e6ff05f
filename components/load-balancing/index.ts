export * from "./listeners";
export * from "./LoadBalancer";
export * from "./securityGroups";
export * from "./settings";
