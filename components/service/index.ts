export * from "./FargateService";
