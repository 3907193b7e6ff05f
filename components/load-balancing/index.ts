export * from "./LoadBalancer";
