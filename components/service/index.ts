export * from "./containers";
export * from "./FargateService";
