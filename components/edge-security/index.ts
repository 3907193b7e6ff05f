export * from "./RegionalWaf";
export * from "./settings";
