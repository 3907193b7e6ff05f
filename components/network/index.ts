export * from "./Network";
export * from "./settings";
