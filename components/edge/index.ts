export * from "./CloudFrontWaf";
export * from "./EdgeDistribution";
