export * from "./CloudFrontWaf";
export * from "./EdgeDistribution";
export * from "./routing";
