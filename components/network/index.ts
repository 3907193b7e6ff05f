export * from "./Network";
