/** Dispatch from a validated configuration to the stack program of its role. */
import type { StackConfig } from "./config/schema";
import { globalProgram } from "./global";
import { regionalProgram } from "./regional";

/** Runs the program for `config.role` and returns its stack outputs. */
export async function runStackProgram(config: StackConfig): Promise<Record<string, unknown>> {
    switch (config.role) {
        case "regional":
            return regionalProgram(config);
        case "global":
            return globalProgram(config);
    }
}
