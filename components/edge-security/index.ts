export * from "./RegionalWaf";
export * from "./settings";
export * from "./redaction";
export * from "./bodySize";
export * from "./CloudFrontWaf";
