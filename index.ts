/**
 * Entry point of every stack of the project: the stack's `platform:role` picks the program
 * (never the stack name), so a new region is one more stack config file, not code.
 */
import { loadStackConfig } from "./stacks/config/load";
import { runStackProgram } from "./stacks/program";

export = runStackProgram(loadStackConfig());
