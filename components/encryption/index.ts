export * from "./customerKey";
export * from "./LogEncryptionKey";
