export const BUILTIN_INCLUDES: Readonly<Record<string, string>> = {};
