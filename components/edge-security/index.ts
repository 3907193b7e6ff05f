export * from "./RegionalWaf";
