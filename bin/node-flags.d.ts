export declare const COMMAND_NODE_FLAGS: Record<string, string[]>;
export declare function missingNodeFlags(command: string | undefined, execArgv?: readonly string[], nodeOptions?: string): string[];
