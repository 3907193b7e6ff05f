export * from "./containers";
export * from "./FargateService";
export * from "./settings";
