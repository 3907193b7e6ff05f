export * from "./logPrefixes";
export * from "./SecureBucket";
export * from "./Storage";
export * from "./settings";
