export * from "./customerKey";
export * from "./LogEncryptionKey";
export * from "./policyDocument";
export * from "./ServiceRoles";
